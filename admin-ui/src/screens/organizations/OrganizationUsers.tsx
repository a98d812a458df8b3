import PersonAddOutlined from '@mui/icons-material/PersonAddOutlined';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useApiData, useHasPermission } from '@portico/core/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Organization, Role } from '../../kit/api-types.js';
import { InviteUserDialog } from '../users/InviteUserDialog.js';
import { UserList } from '../users/UserList.js';

/** The users of one organisation, and inviting one more. */
export function OrganizationUsers(props: { organization: Organization }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const org = props.organization;
  const canInvite = useHasPermission('core.user.invite');
  const roles = useApiData<{ items: Role[] }>('/roles');
  const [inviting, setInviting] = useState(false);
  return (
    <section aria-labelledby="org-users-heading">
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={1}
        sx={{ alignItems: { sm: 'center' }, justifyContent: 'space-between', mb: 1.5 }}
      >
        <Typography id="org-users-heading" variant="h3" component="h2">
          {t('organizations.usersHeading', { name: org.name })}
        </Typography>
        <Stack direction="row" spacing={1}>
          <Button component={Link} to={`/users?organizationId=${org.id}`}>
            {t('organizations.openInUsers')}
          </Button>
          {canInvite ? (
            <Button variant="contained" startIcon={<PersonAddOutlined />} onClick={() => setInviting(true)}>
              {t('users.invite')}
            </Button>
          ) : null}
        </Stack>
      </Stack>
      <UserList
        path={`/users?organizationId=${org.id}`}
        roles={roles.data?.items}
        empty={t('organizations.noUsers')}
      />
      <InviteUserDialog
        open={inviting}
        organization={org}
        onClose={() => setInviting(false)}
        onInvited={(u) => void navigate(`/users/${u.id}`, { state: { invited: true } })}
      />
    </section>
  );
}
