import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { AlertColor } from '@mui/material/Alert';
import { ProblemAlert, useApi } from '@portico/core/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser, Role } from '../../kit/api-types.js';
import { fieldErrorsOf, fieldProps } from '../../kit/field-errors.js';
import { RoleChecklist } from './RoleChecklist.js';

/** The roles assigned to a user (of their organisation's kind), and those they hold through groups. */
export function UserRoles(props: {
  user: AdminUser;
  kind: 'provider' | 'customer' | undefined;
  roles: Role[] | undefined;
  canManage: boolean;
  onChanged(user: AdminUser): void;
  notify(message: string, severity?: AlertColor): void;
}) {
  const { user } = props;
  const { t } = useTranslation();
  const api = useApi();
  const [value, setValue] = useState(user.assignedRoles);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(() => setValue(user.assignedRoles), [user]);
  const dirty =
    value.length !== user.assignedRoles.length || value.some((k) => !user.assignedRoles.includes(k));
  const offered = (props.roles ?? []).filter((r) => r.scope === props.kind);
  const throughGroups = user.roles.filter((k) => !user.assignedRoles.includes(k));

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      props.onChanged(await api.put<AdminUser>(`/users/${user.id}/roles`, { roles: value }));
      props.notify(t('users.rolesSaved'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card component="section" aria-labelledby="user-roles-heading">
      <CardContent>
        <Typography id="user-roles-heading" variant="h3" component="h2">
          {t('users.roles')}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {t('users.rolesHelp')}
        </Typography>
        {!props.roles || !props.kind ? (
          <Skeleton variant="rounded" height={120} />
        ) : (
          <RoleChecklist
            label={t('users.assignedRoles')}
            roles={offered}
            value={value}
            onChange={setValue}
            inherited={throughGroups}
            disabled={!props.canManage || busy}
            {...fieldProps(fieldErrorsOf(error), '/roles')}
          />
        )}
        <ProblemAlert error={error} />
        {props.canManage ? (
          <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
            <Button variant="contained" onClick={() => void save()} disabled={!dirty || busy}>
              {t('users.saveRoles')}
            </Button>
            <Button onClick={() => setValue(user.assignedRoles)} disabled={!dirty || busy}>
              {t('kit.undo')}
            </Button>
          </Stack>
        ) : null}
      </CardContent>
    </Card>
  );
}
