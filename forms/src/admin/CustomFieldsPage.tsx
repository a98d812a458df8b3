import SaveOutlined from '@mui/icons-material/SaveOutlined';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { Loading, ProblemAlert, useApi, useApiData, useBoot } from '@portico/core/react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormBuilder, type FormDocument, type ModelProblem } from '../react/builder/index.js';
import { useLeaveGuard } from './leave-guard.js';
import { Header, pick } from './parts.js';
import type { CustomFieldsOfEntity } from './types.js';

/** custom-fields: the extra fields of organisations, users and plugin entities, built in the same builder. */
export default function CustomFieldsPage() {
  const { t, i18n } = useTranslation('forms');
  const api = useApi();
  const boot = useBoot();
  const { data, error, reload } = useApiData<CustomFieldsOfEntity[] | { items: CustomFieldsOfEntity[] }>(
    '/forms/custom-fields',
  );
  const entities = useMemo(() => (Array.isArray(data) ? data : (data?.items ?? [])), [data]);
  const [entity, setEntity] = useState<string>();
  const current = entities.find((e) => e.entity === entity) ?? entities[0];
  const [doc, setDoc] = useState<FormDocument>();
  const [problems, setProblems] = useState<ModelProblem[]>([]);
  const [saveError, setSaveError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const value = useMemo(
    () =>
      current
        ? {
            schema: current.schema,
            uiSchema: current.uiSchema ?? {},
            translations: current.translations ?? {},
          }
        : undefined,
    [current],
  );
  useEffect(() => {
    setDoc(undefined);
    setSaved(false);
  }, [current?.entity]);
  useLeaveGuard(!!doc);
  const languages = [boot.defaultLanguage, ...boot.languages.filter((l) => l !== boot.defaultLanguage)];
  const save = async () => {
    if (!current || !doc) return;
    setSaveError(undefined);
    try {
      await api.put(`/forms/custom-fields/${current.entity}`, doc);
      setDoc(undefined);
      setSaved(true);
      reload();
    } catch (err) {
      setSaveError(err);
    }
  };
  if (error) return <ProblemAlert error={error} />;
  if (!data) return <Loading />;
  return (
    <>
      <Header
        title={t('admin.customFields.title')}
        subtitle={t('admin.customFields.intro')}
        actions={
          <Button
            variant="contained"
            startIcon={<SaveOutlined />}
            disabled={!doc || problems.length > 0}
            onClick={() => void save()}
          >
            {t('admin.builder.saveNow')}
          </Button>
        }
      />
      <Tabs
        value={current?.entity ?? false}
        onChange={(_, v: string) => {
          if (doc && !window.confirm(t('admin.builder.leave'))) return;
          setEntity(v);
        }}
        variant="scrollable"
        sx={{ mb: 2 }}
      >
        {entities.map((e) => (
          <Tab
            key={e.entity}
            value={e.entity}
            label={pick(e.title, i18n.language, boot.defaultLanguage) || e.entity}
          />
        ))}
      </Tabs>
      <ProblemAlert error={saveError} />
      {saved ? (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setSaved(false)}>
          {t('admin.customFields.saved')}
        </Alert>
      ) : null}
      {current && value ? (
        <FormBuilder
          key={current.entity}
          value={value}
          onChange={(next, found) => {
            setDoc(next);
            setProblems(found);
            setSaved(false);
          }}
          languages={languages}
          defaultLanguage={boot.defaultLanguage}
        />
      ) : (
        <Alert severity="info">{t('admin.customFields.none')}</Alert>
      )}
    </>
  );
}
