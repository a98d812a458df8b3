import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { ProblemAlert, useApi } from '@portico/core/react';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organization } from '../../kit/api-types.js';
import { fieldErrorsOf, fieldProps } from '../../kit/field-errors.js';
import { rememberOrganizationName } from '../../kit/names.js';
import { DomainsField } from './DomainsField.js';

/** A new customer company: name, customer number, e-mail domains, second factor. */
export function CreateOrganizationDialog(props: {
  open: boolean;
  onClose(): void;
  onCreated(org: Organization): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const titleId = useId();
  const [name, setName] = useState('');
  const [customerNumber, setCustomerNumber] = useState('');
  const [domains, setDomains] = useState<string[]>([]);
  const [requireTwoFactor, setRequireTwoFactor] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const errors = fieldErrorsOf(error);

  const reset = () => {
    setName('');
    setCustomerNumber('');
    setDomains([]);
    setRequireTwoFactor(false);
    setError(undefined);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.post<Organization>('/organizations', {
        name: name.trim(),
        ...(customerNumber.trim() ? { customerNumber: customerNumber.trim() } : {}),
        emailDomains: domains,
        requireTwoFactor,
      });
      rememberOrganizationName(created.id, created.name);
      reset();
      props.onCreated(created);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={props.open}
      onClose={() => !busy && props.onClose()}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle id={titleId}>{t('organizations.createTitle')}</DialogTitle>
        <DialogContent>
          <TextField
            label={t('organizations.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            autoFocus
            {...fieldProps(errors, '/name')}
          />
          <TextField
            label={t('organizations.customerNumber')}
            value={customerNumber}
            onChange={(e) => setCustomerNumber(e.target.value)}
            {...fieldProps(errors, '/customerNumber', t('organizations.customerNumberHelp'))}
          />
          <DomainsField
            label={t('organizations.emailDomains')}
            value={domains}
            onChange={setDomains}
            errors={errors}
            {...fieldProps(errors, '/emailDomains', t('organizations.emailDomainsHelp'))}
          />
          <FormControlLabel
            sx={{ mt: 1 }}
            control={
              <Switch checked={requireTwoFactor} onChange={(e) => setRequireTwoFactor(e.target.checked)} />
            }
            label={t('organizations.requireTwoFactor')}
          />
          <ProblemAlert error={error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose} disabled={busy}>
            {t('kit.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={busy || !name.trim()}>
            {t('organizations.createAction')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
