import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import { ApiError, ProblemAlert, useApi, useApiData } from '@portico/core/react';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountRequest, Role } from '../../kit/api-types.js';
import { fieldErrorsOf, fieldProps } from '../../kit/field-errors.js';
import { OrganizationPicker } from '../../kit/pickers.js';
import { RoleChecklist } from '../users/RoleChecklist.js';

/** Approves a request: the organisation (chosen when none matched) and the roles the person gets. */
export function ApproveDialog(props: {
  request: AccountRequest | undefined;
  onClose(): void;
  onApproved(request: AccountRequest): void;
  /** Someone decided first: the list is out of date. */
  onGone(): void;
}) {
  const { request } = props;
  const { t } = useTranslation();
  const api = useApi();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'), { noSsr: true });
  const titleId = useId();
  const roles = useApiData<{ items: Role[] }>(request ? '/roles?scope=customer' : null);
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  const [roleKeys, setRoleKeys] = useState<string[]>(['customer-user']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const errors = fieldErrorsOf(error);
  const gone = error instanceof ApiError && error.status === 409;

  useEffect(() => {
    if (!request) return;
    setOrganizationId(request.organizationId);
    setRoleKeys(['customer-user']);
    setError(undefined);
  }, [request]);

  const close = () => {
    if (busy) return;
    if (gone) props.onGone();
    props.onClose();
  };
  const approve = async () => {
    if (!request) return;
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        ...(organizationId && organizationId !== request.organizationId ? { organizationId } : {}),
        roleKeys,
      };
      const done = await api.post<AccountRequest>(`/account-requests/${request.id}/approve`, body);
      props.onApproved(done);
      props.onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={!!request}
      onClose={close}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
      fullScreen={phone}
    >
      <DialogTitle id={titleId}>{t('approvals.approveTitle', { name: request?.name ?? '' })}</DialogTitle>
      <DialogContent>
        <DialogContentText>{t('approvals.approveText', { email: request?.email ?? '' })}</DialogContentText>
        {request && !request.organizationId ? (
          <Alert severity="warning" sx={{ mt: 2 }}>
            {t('approvals.chooseOrganization', { company: request.company })}
          </Alert>
        ) : null}
        <Box sx={{ my: 2 }}>
          <OrganizationPicker
            label={t('approvals.organization')}
            value={organizationId}
            onChange={(o) => setOrganizationId(o?.id ?? null)}
            kind="customer"
            required
            size="medium"
            minWidth={0}
            grow
            {...fieldProps(errors, '/organizationId')}
          />
        </Box>
        <RoleChecklist
          label={t('approvals.roles')}
          roles={roles.data?.items ?? []}
          value={roleKeys}
          onChange={setRoleKeys}
          {...fieldProps(errors, '/roleKeys')}
        />
        <ProblemAlert error={error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          {gone ? t('kit.close') : t('kit.cancel')}
        </Button>
        <Button
          variant="contained"
          onClick={() => void approve()}
          disabled={busy || gone || !organizationId || !roleKeys.length}
        >
          {t('approvals.approveAction')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
