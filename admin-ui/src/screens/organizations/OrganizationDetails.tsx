import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AlertColor } from '@mui/material/Alert';
import { ProblemAlert, problemText, useApi, useApiData, useHasPermission } from '@portico/core/react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { GroupSummary, Organization } from '../../kit/api-types.js';
import type { Page } from '../../kit/cursor-pages.js';
import { ConfirmDialog } from '../../kit/ConfirmDialog.js';
import { fieldErrorsOf, fieldProps } from '../../kit/field-errors.js';
import { useFormat } from '../../kit/format.js';
import { DomainsField } from './DomainsField.js';

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The organisation's name, customer number and e-mail domains; its second-factor rule; its groups. */
export function OrganizationDetails(props: {
  organization: Organization;
  canManage: boolean;
  onChanged(org: Organization): void;
  notify(message: string, severity?: AlertColor): void;
  reload(): void;
}) {
  const { organization: org, canManage, notify } = props;
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const canReadGroups = useHasPermission('core.group.read');
  const groups = useApiData<Page<GroupSummary>>(canReadGroups ? '/groups?limit=200' : null);
  const groupName = (key: string) => groups.data?.items.find((g) => g.key === key)?.name ?? key;
  const [name, setName] = useState(org.name);
  const [customerNumber, setCustomerNumber] = useState(org.customerNumber ?? '');
  const [domains, setDomains] = useState(org.emailDomains);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [confirmTwoFactor, setConfirmTwoFactor] = useState(false);
  const errors = fieldErrorsOf(error);

  // A saved change (or another tab's) shows in the form.
  useEffect(() => {
    setName(org.name);
    setCustomerNumber(org.customerNumber ?? '');
    setDomains(org.emailDomains);
  }, [org]);

  const patch: Record<string, unknown> = {};
  if (name.trim() !== org.name) patch.name = name.trim();
  if (customerNumber.trim() !== (org.customerNumber ?? ''))
    patch.customerNumber = customerNumber.trim() || null;
  if (!sameList(domains, org.emailDomains)) patch.emailDomains = domains;
  const dirty = Object.keys(patch).length > 0;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!dirty) return;
    setBusy(true);
    setError(undefined);
    try {
      props.onChanged(await api.patch<Organization>(`/organizations/${org.id}`, patch));
      notify(t('organizations.saved'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const setTwoFactor = async (required: boolean) => {
    const answer = await api.put<{ required: boolean; loggedOut: number }>(
      `/organizations/${org.id}/two-factor`,
      {
        required,
      },
    );
    props.onChanged({ ...org, requireTwoFactor: answer.required });
    notify(
      answer.required
        ? t('organizations.twoFactorOn', { count: answer.loggedOut })
        : t('organizations.twoFactorOff'),
    );
  };

  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 7 }}>
        <Card component="section" aria-labelledby="org-details-heading">
          <CardContent>
            <Typography id="org-details-heading" variant="h3" component="h2" sx={{ mb: 1 }}>
              {t('organizations.detailsHeading')}
            </Typography>
            <form onSubmit={(e) => void save(e)} noValidate>
              <TextField
                label={t('organizations.name')}
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                disabled={!canManage}
                {...fieldProps(errors, '/name')}
              />
              <TextField
                label={t('organizations.customerNumber')}
                value={customerNumber}
                onChange={(e) => setCustomerNumber(e.target.value)}
                disabled={!canManage}
                {...fieldProps(errors, '/customerNumber', t('organizations.customerNumberHelp'))}
              />
              <DomainsField
                label={t('organizations.emailDomains')}
                value={domains}
                onChange={setDomains}
                errors={errors}
                disabled={!canManage}
                {...fieldProps(errors, '/emailDomains', t('organizations.emailDomainsHelp'))}
              />
              <ProblemAlert error={error} />
              {canManage ? (
                <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
                  <Button type="submit" variant="contained" disabled={!dirty || busy || !name.trim()}>
                    {t('kit.save')}
                  </Button>
                  <Button
                    disabled={!dirty || busy}
                    onClick={() => {
                      setName(org.name);
                      setCustomerNumber(org.customerNumber ?? '');
                      setDomains(org.emailDomains);
                      setError(undefined);
                    }}
                  >
                    {t('kit.undo')}
                  </Button>
                </Stack>
              ) : null}
            </form>
          </CardContent>
        </Card>
      </Grid>
      <Grid size={{ xs: 12, md: 5 }}>
        <Stack spacing={2}>
          <Card component="section" aria-labelledby="org-security-heading">
            <CardContent>
              <Typography id="org-security-heading" variant="h3" component="h2" sx={{ mb: 1 }}>
                {t('organizations.securityHeading')}
              </Typography>
              <FormControlLabel
                control={
                  <Switch
                    checked={org.requireTwoFactor}
                    disabled={!canManage}
                    onChange={(e) =>
                      e.target.checked
                        ? setConfirmTwoFactor(true)
                        : void setTwoFactor(false).catch((err: unknown) => notify(problemText(err), 'error'))
                    }
                  />
                }
                label={t('organizations.requireTwoFactor')}
              />
              <Typography variant="body2" color="text.secondary">
                {t('organizations.requireTwoFactorHelp')}
              </Typography>
            </CardContent>
          </Card>
          <Card component="section" aria-labelledby="org-groups-heading">
            <CardContent>
              <Typography id="org-groups-heading" variant="h3" component="h2" sx={{ mb: 1 }}>
                {t('organizations.groups')}
              </Typography>
              {org.groups.length ? (
                <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
                  {org.groups.map((g) =>
                    canReadGroups ? (
                      <Chip
                        key={g}
                        label={groupName(g)}
                        component={Link}
                        to={`/groups/${g}`}
                        clickable
                        variant="outlined"
                      />
                    ) : (
                      <Chip key={g} label={groupName(g)} variant="outlined" />
                    ),
                  )}
                </Stack>
              ) : (
                <Typography color="text.secondary">{t('organizations.noGroups')}</Typography>
              )}
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }}>
                {t('organizations.groupsHelp')}
              </Typography>
            </CardContent>
          </Card>
          <Typography variant="body2" color="text.secondary">
            {t('organizations.createdAt', { date: format.dateTime(org.createdAt) })}
          </Typography>
        </Stack>
      </Grid>
      <ConfirmDialog
        open={confirmTwoFactor}
        title={t('organizations.twoFactorTitle')}
        message={t('organizations.twoFactorText', { name: org.name })}
        confirmLabel={t('organizations.twoFactorConfirm')}
        onConfirm={() => setTwoFactor(true)}
        onClose={() => setConfirmTwoFactor(false)}
      />
    </Grid>
  );
}
