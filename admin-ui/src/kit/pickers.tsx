import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi } from '@portico/core/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from './cursor-pages.js';

export interface OrganizationOption {
  id: string;
  name: string;
  customerNumber?: string | null;
  kind?: string;
}

export interface UserOption {
  id: string;
  name: string;
  email: string;
  organizationId?: string;
}

/** Options from the API for what is typed (the first page of matches); also the current value's label. */
function useSearch<T>(
  base: string,
  text: string,
  open: boolean,
  extra = '',
): { options: T[]; loading: boolean } {
  const api = useApi();
  const [state, setState] = useState<{ options: T[]; loading: boolean }>({ options: [], loading: false });
  useEffect(() => {
    if (!open) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const q = text.trim() ? `&q=${encodeURIComponent(text.trim())}` : '';
    api.get<Page<T>>(`${base}?limit=20${q}${extra}`).then(
      (page) => live && setState({ options: page.items, loading: false }),
      () => live && setState({ options: [], loading: false }),
    );
    return () => {
      live = false;
    };
  }, [api, base, text, open, extra]);
  return state;
}

/** Resolves an id from the address (a filter) to the row it names, for the picker's label. */
function useResolved<T extends { id: string }>(path: string, id: string | null | undefined, known: T | null) {
  const api = useApi();
  const [row, setRow] = useState<T | null>(known);
  useEffect(() => {
    if (!id) {
      setRow(null);
      return;
    }
    if (known?.id === id) {
      setRow(known);
      return;
    }
    let live = true;
    api.get<T>(`${path}/${id}`).then(
      (r) => live && setRow(r),
      () => live && setRow(null),
    );
    return () => {
      live = false;
    };
  }, [api, path, id, known]);
  return row;
}

/** Chooses an organisation by typing part of its name or customer number. */
export function OrganizationPicker(props: {
  label: string;
  /** The chosen organisation's id (or empty). */
  value: string | null;
  onChange(org: OrganizationOption | null): void;
  kind?: 'customer' | 'provider';
  size?: 'small' | 'medium';
  required?: boolean;
  error?: boolean;
  helperText?: string;
  disabled?: boolean;
  /** Ids not to offer (already chosen elsewhere). */
  exclude?: string[];
  minWidth?: number;
  /** Takes the width it is given (a form field, a row with a button) rather than its own. */
  grow?: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<OrganizationOption | null>(null);
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const value = useResolved<OrganizationOption>('/organizations', props.value, picked);
  const { options, loading } = useSearch<OrganizationOption>(
    '/organizations',
    value && text === value.name ? '' : query,
    open,
    props.kind ? `&kind=${props.kind}` : '',
  );
  const shown = options.filter((o) => !props.exclude?.includes(o.id));
  return (
    <Autocomplete<OrganizationOption>
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      value={value}
      onChange={(_e, v) => {
        setPicked(v);
        props.onChange(v);
      }}
      inputValue={text}
      onInputChange={(_e, v) => setText(v)}
      options={value && !shown.some((o) => o.id === value.id) ? [value, ...shown] : shown}
      filterOptions={(x) => x}
      getOptionLabel={(o) => o.name}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      loading={loading}
      disabled={props.disabled}
      size={props.size ?? 'small'}
      noOptionsText={t('kit.noMatches')}
      loadingText={t('kit.loading')}
      sx={{ minWidth: props.minWidth ?? 220, flexGrow: props.grow ? 1 : { xs: 1, lg: 0 } }}
      renderOption={(liProps, o) => (
        <li {...liProps} key={o.id}>
          <span>
            {o.name}
            {o.customerNumber ? (
              <Typography component="span" variant="body2" color="text.secondary">
                {' '}
                · {o.customerNumber}
              </Typography>
            ) : null}
          </span>
        </li>
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          margin="none"
          fullWidth
          label={props.label}
          required={props.required}
          error={props.error}
          helperText={props.helperText}
        />
      )}
    />
  );
}

/** Chooses a user by typing part of their name or e-mail address. */
export function UserPicker(props: {
  label: string;
  value: UserOption | null;
  onChange(user: UserOption | null): void;
  exclude?: string[];
  size?: 'small' | 'medium';
  minWidth?: number;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const { options, loading } = useSearch<UserOption>(
    '/users',
    props.value && text === props.value.name ? '' : query,
    open,
  );
  return (
    <Autocomplete<UserOption>
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      value={props.value}
      onChange={(_e, v) => props.onChange(v)}
      inputValue={text}
      onInputChange={(_e, v) => setText(v)}
      options={options.filter((o) => !props.exclude?.includes(o.id))}
      filterOptions={(x) => x}
      getOptionLabel={(o) => o.name}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      loading={loading}
      size={props.size ?? 'small'}
      noOptionsText={t('kit.noMatches')}
      loadingText={t('kit.loading')}
      sx={{ minWidth: props.minWidth ?? 260, flexGrow: 1 }}
      renderOption={(liProps, o) => (
        <li {...liProps} key={o.id}>
          <span>
            {o.name}
            <Typography component="span" variant="body2" color="text.secondary">
              {' '}
              · {o.email}
            </Typography>
          </span>
        </li>
      )}
      renderInput={(params) => <TextField {...params} margin="none" fullWidth label={props.label} />}
    />
  );
}
