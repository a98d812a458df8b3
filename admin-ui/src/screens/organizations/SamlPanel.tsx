import AddOutlined from '@mui/icons-material/AddOutlined';
import ContentCopyOutlined from '@mui/icons-material/ContentCopyOutlined';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert, { type AlertColor } from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Grid from '@mui/material/Grid';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import ExpandMoreOutlined from '@mui/icons-material/ExpandMoreOutlined';
import { ProblemAlert, useApi, useApiData } from '@portico/core/react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organization, Role, SamlSettings } from '../../kit/api-types.js';
import { ConfirmDialog } from '../../kit/ConfirmDialog.js';
import { fieldErrorsOf, fieldProps } from '../../kit/field-errors.js';
import { useFormat } from '../../kit/format.js';

const mappedFields = ['email', 'name', 'firstName', 'lastName', 'phone', 'language'] as const;

/** A URL to hand over, with a copy button. */
function CopyLine(props: {
  label: string;
  value: string;
  notify(message: string, severity?: AlertColor): void;
}) {
  const { t } = useTranslation();
  const copy = () =>
    navigator.clipboard.writeText(props.value).then(
      () => props.notify(t('organizations.saml.copied')),
      () => props.notify(t('organizations.saml.copyFailed'), 'error'),
    );
  return (
    <Box sx={{ py: 1 }}>
      <Typography variant="body2" color="text.secondary" component="div">
        {props.label}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography
          component="code"
          sx={{
            fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
            fontSize: '0.85rem',
            overflowWrap: 'anywhere',
            flexGrow: 1,
          }}
        >
          {props.value}
        </Typography>
        <Tooltip title={t('organizations.saml.copy')}>
          <IconButton
            size="small"
            onClick={() => void copy()}
            aria-label={t('organizations.saml.copyWhat', { what: props.label })}
          >
            <ContentCopyOutlined fontSize="small" />
          </IconButton>
        </Tooltip>
      </Stack>
    </Box>
  );
}

/**
 * Single sign-on of a customer organisation through its SAML identity provider: what to give the
 * customer's IT (our metadata and ACS URLs), and the IdP's metadata or entry point and certificates.
 */
export function SamlPanel(props: {
  organization: Organization;
  notify(message: string, severity?: AlertColor): void;
}) {
  const { organization: org, notify } = props;
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const loaded = useApiData<SamlSettings>(`/organizations/${org.id}/saml`);
  const roles = useApiData<{ items: Role[] }>('/roles?scope=customer');
  const [settings, setSettings] = useState<SamlSettings | undefined>();
  const current = settings ?? loaded.data;

  const [mode, setMode] = useState<'metadata' | 'manual'>('metadata');
  const [metadataXml, setMetadataXml] = useState('');
  const [entryPoint, setEntryPoint] = useState('');
  const [idpEntityId, setIdpEntityId] = useState('');
  const [certificates, setCertificates] = useState<string[]>(['']);
  const [enabled, setEnabled] = useState(true);
  const [allowProvisioning, setAllowProvisioning] = useState(true);
  const [defaultRole, setDefaultRole] = useState('');
  const [attributeMap, setAttributeMap] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [removing, setRemoving] = useState(false);
  const errors = fieldErrorsOf(error);

  // The form starts from what is set up: the explicit fields, so a change of a switch keeps the IdP.
  useEffect(() => {
    if (!current) return;
    setMode(current.configured ? 'manual' : 'metadata');
    setEntryPoint(current.entryPoint ?? '');
    setIdpEntityId(current.idpEntityId ?? '');
    setCertificates(current.certificates?.length ? current.certificates.map((c) => c.pem) : ['']);
    setEnabled(current.enabled ?? true);
    setAllowProvisioning(current.allowProvisioning ?? true);
    setDefaultRole(current.defaultRole ?? '');
    setAttributeMap(current.attributeMap ?? {});
    setMetadataXml('');
  }, [current]);

  if (loaded.error) return <ProblemAlert error={loaded.error} />;
  if (!current) return <Skeleton variant="rounded" height={320} />;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const common = {
      enabled,
      allowProvisioning,
      defaultRole: defaultRole || null,
      attributeMap: Object.fromEntries(mappedFields.map((f) => [f, attributeMap[f]?.trim() || null])),
    };
    const body =
      mode === 'metadata'
        ? { ...common, metadataXml }
        : {
            ...common,
            entryPoint: entryPoint.trim(),
            idpEntityId: idpEntityId.trim() || null,
            certificates: certificates.map((c) => c.trim()).filter(Boolean),
          };
    try {
      setSettings(await api.put<SamlSettings>(`/organizations/${org.id}/saml`, body));
      notify(t('organizations.saml.saved'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    await api.delete(`/organizations/${org.id}/saml`);
    setSettings({ organizationId: org.id, configured: false, serviceProvider: current.serviceProvider });
    notify(t('organizations.saml.removed'));
  };

  const sp = current.serviceProvider;
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, lg: 5 }} sx={{ order: { lg: 2 } }}>
        <Stack spacing={2}>
          <Card component="section" aria-labelledby="saml-sp-heading">
            <CardContent>
              <Typography id="saml-sp-heading" variant="h3" component="h2">
                {t('organizations.saml.forCustomer')}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, mb: 1 }}>
                {t('organizations.saml.forCustomerHelp', { name: org.name })}
              </Typography>
              <CopyLine label={t('organizations.saml.metadataUrl')} value={sp.metadataUrl} notify={notify} />
              <CopyLine label={t('organizations.saml.acsUrl')} value={sp.acsUrl} notify={notify} />
              <CopyLine label={t('organizations.saml.entityId')} value={sp.entityId} notify={notify} />
              <CopyLine label={t('organizations.saml.loginUrl')} value={sp.loginUrl} notify={notify} />
            </CardContent>
          </Card>
          {current.configured ? (
            <Card component="section" aria-labelledby="saml-state-heading">
              <CardContent>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
                  <Typography id="saml-state-heading" variant="h3" component="h2" sx={{ flexGrow: 1 }}>
                    {t('organizations.saml.current')}
                  </Typography>
                  <Chip
                    size="small"
                    color={current.enabled ? 'success' : 'default'}
                    label={current.enabled ? t('organizations.saml.on') : t('organizations.saml.off')}
                  />
                </Stack>
                <Typography variant="body2" color="text.secondary">
                  {t('organizations.saml.idpEntityId')}
                </Typography>
                <Typography sx={{ overflowWrap: 'anywhere', mb: 1 }}>{current.idpEntityId ?? '—'}</Typography>
                <Typography variant="body2" color="text.secondary">
                  {t('organizations.saml.entryPoint')}
                </Typography>
                <Typography sx={{ overflowWrap: 'anywhere', mb: 1 }}>{current.entryPoint}</Typography>
                <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
                  {t('organizations.saml.certificates')}
                </Typography>
                <Stack spacing={1} component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }}>
                  {(current.certificates ?? []).map((c) => (
                    <Box
                      component="li"
                      key={c.fingerprint256}
                      sx={{ p: 1, border: 1, borderColor: 'divider', borderRadius: 1 }}
                    >
                      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                        <Typography sx={{ flexGrow: 1, overflowWrap: 'anywhere' }}>{c.subject}</Typography>
                        {c.expired ? (
                          <Chip size="small" color="error" label={t('organizations.saml.expired')} />
                        ) : null}
                      </Stack>
                      <Typography variant="body2" color="text.secondary">
                        {t('organizations.saml.validTo', { date: format.date(c.validTo) })}
                      </Typography>
                      <Typography
                        variant="body2"
                        color="text.secondary"
                        sx={{
                          fontFamily: 'ui-monospace, monospace',
                          fontSize: '0.75rem',
                          overflowWrap: 'anywhere',
                        }}
                      >
                        SHA-256 {c.fingerprint256}
                      </Typography>
                    </Box>
                  ))}
                </Stack>
                <Button
                  color="error"
                  startIcon={<DeleteOutlined />}
                  sx={{ mt: 2 }}
                  onClick={() => setRemoving(true)}
                >
                  {t('organizations.saml.remove')}
                </Button>
              </CardContent>
            </Card>
          ) : null}
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, lg: 7 }}>
        <Card component="section" aria-labelledby="saml-idp-heading">
          <CardContent>
            <Typography id="saml-idp-heading" variant="h3" component="h2">
              {current.configured ? t('organizations.saml.change') : t('organizations.saml.setUp')}
            </Typography>
            {!current.configured ? (
              <Alert severity="info" sx={{ mt: 1 }}>
                {t('organizations.saml.notConfigured')}
              </Alert>
            ) : null}
            <form onSubmit={(e) => void save(e)} noValidate>
              <ToggleButtonGroup
                exclusive
                value={mode}
                onChange={(_e, v: 'metadata' | 'manual' | null) => v && setMode(v)}
                aria-label={t('organizations.saml.how')}
                size="small"
                sx={{ mt: 2, flexWrap: 'wrap' }}
              >
                <ToggleButton value="metadata">{t('organizations.saml.byMetadata')}</ToggleButton>
                <ToggleButton value="manual">{t('organizations.saml.byHand')}</ToggleButton>
              </ToggleButtonGroup>
              {mode === 'metadata' ? (
                <TextField
                  label={t('organizations.saml.metadataXml')}
                  value={metadataXml}
                  onChange={(e) => setMetadataXml(e.target.value)}
                  multiline
                  minRows={6}
                  maxRows={16}
                  required
                  slotProps={{
                    htmlInput: {
                      spellCheck: false,
                      style: { fontFamily: 'ui-monospace, monospace', fontSize: '0.8rem' },
                    },
                  }}
                  {...fieldProps(errors, '/metadataXml', t('organizations.saml.metadataXmlHelp'))}
                />
              ) : (
                <>
                  <TextField
                    label={t('organizations.saml.entryPoint')}
                    value={entryPoint}
                    onChange={(e) => setEntryPoint(e.target.value)}
                    required
                    type="url"
                    {...fieldProps(errors, '/entryPoint', t('organizations.saml.entryPointHelp'))}
                  />
                  <TextField
                    label={t('organizations.saml.idpEntityId')}
                    value={idpEntityId}
                    onChange={(e) => setIdpEntityId(e.target.value)}
                    {...fieldProps(errors, '/idpEntityId', t('organizations.saml.idpEntityIdHelp'))}
                  />
                  {certificates.map((c, i) => (
                    <Stack key={i} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
                      <TextField
                        label={t('organizations.saml.certificateN', { n: i + 1 })}
                        value={c}
                        onChange={(e) =>
                          setCertificates(certificates.map((x, j) => (j === i ? e.target.value : x)))
                        }
                        multiline
                        minRows={3}
                        maxRows={10}
                        required={i === 0}
                        slotProps={{
                          htmlInput: {
                            spellCheck: false,
                            style: { fontFamily: 'ui-monospace, monospace', fontSize: '0.75rem' },
                          },
                        }}
                        {...fieldProps(
                          errors,
                          `/certificates/${i}`,
                          i === 0 ? t('organizations.saml.certificateHelp') : undefined,
                        )}
                      />
                      {certificates.length > 1 ? (
                        <IconButton
                          aria-label={t('organizations.saml.removeCertificate', { n: i + 1 })}
                          onClick={() => setCertificates(certificates.filter((_x, j) => j !== i))}
                          sx={{ mt: 3 }}
                        >
                          <DeleteOutlined />
                        </IconButton>
                      ) : null}
                    </Stack>
                  ))}
                  {errors['/certificates'] ? (
                    <Typography color="error" variant="body2">
                      {errors['/certificates']}
                    </Typography>
                  ) : null}
                  <Button
                    startIcon={<AddOutlined />}
                    onClick={() => setCertificates([...certificates, ''])}
                    disabled={certificates.length >= 10}
                  >
                    {t('organizations.saml.addCertificate')}
                  </Button>
                </>
              )}
              <Stack sx={{ mt: 2 }}>
                <FormControlLabel
                  control={<Switch checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />}
                  label={t('organizations.saml.enabled')}
                />
                <FormControlLabel
                  control={
                    <Switch
                      checked={allowProvisioning}
                      onChange={(e) => setAllowProvisioning(e.target.checked)}
                    />
                  }
                  label={t('organizations.saml.allowProvisioning')}
                />
              </Stack>
              <TextField
                select
                label={t('organizations.saml.defaultRole')}
                value={defaultRole}
                onChange={(e) => setDefaultRole(e.target.value)}
                slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
                {...fieldProps(errors, '/defaultRole', t('organizations.saml.defaultRoleHelp'))}
              >
                <MenuItem value="">{t('organizations.saml.defaultRoleNone')}</MenuItem>
                {(roles.data?.items ?? []).map((r) => (
                  <MenuItem key={r.key} value={r.key}>
                    {format.translated(r.name, r.key)}
                  </MenuItem>
                ))}
              </TextField>
              <Accordion
                disableGutters
                variant="outlined"
                sx={{ mt: 2 }}
                defaultExpanded={Object.keys(attributeMap).length > 0}
              >
                <AccordionSummary expandIcon={<ExpandMoreOutlined />}>
                  <Typography>{t('organizations.saml.attributes')}</Typography>
                </AccordionSummary>
                <AccordionDetails>
                  <Typography variant="body2" color="text.secondary">
                    {t('organizations.saml.attributesHelp')}
                  </Typography>
                  {mappedFields.map((f) => (
                    <TextField
                      key={f}
                      size="small"
                      label={t(`organizations.saml.fields.${f}`)}
                      value={attributeMap[f] ?? ''}
                      onChange={(e) => setAttributeMap({ ...attributeMap, [f]: e.target.value })}
                      {...fieldProps(errors, `/attributeMap/${f}`)}
                    />
                  ))}
                </AccordionDetails>
              </Accordion>
              <ProblemAlert error={error} />
              <Button
                type="submit"
                variant="contained"
                sx={{ mt: 2 }}
                disabled={busy || (mode === 'metadata' && !metadataXml.trim())}
              >
                {current.configured ? t('kit.save') : t('organizations.saml.saveFirst')}
              </Button>
            </form>
          </CardContent>
        </Card>
      </Grid>
      <ConfirmDialog
        open={removing}
        title={t('organizations.saml.removeTitle')}
        message={t('organizations.saml.removeText', { name: org.name })}
        confirmLabel={t('organizations.saml.remove')}
        destructive
        onConfirm={remove}
        onClose={() => setRemoving(false)}
      />
    </Grid>
  );
}
