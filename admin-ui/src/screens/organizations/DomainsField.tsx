import Autocomplete from '@mui/material/Autocomplete';
import Chip from '@mui/material/Chip';
import TextField from '@mui/material/TextField';
import { useState } from 'react';

/** E-mail domains as chips: type one and press Enter, comma or space; paste several at once. */
export function DomainsField(props: {
  label: string;
  value: string[];
  onChange(domains: string[]): void;
  error?: boolean;
  helperText?: string;
  disabled?: boolean;
  /** Field errors of the form, to mark the domains the server refused (/emailDomains/<i>). */
  errors?: Record<string, string>;
}) {
  const [text, setText] = useState('');
  const add = (raw: string) => {
    const parts = raw
      .split(/[\s,;]+/)
      .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
      .filter(Boolean);
    if (!parts.length) return;
    props.onChange([...new Set([...props.value, ...parts])]);
    setText('');
  };
  return (
    <Autocomplete<string, true, false, true>
      multiple
      freeSolo
      options={[]}
      value={props.value}
      disabled={props.disabled}
      inputValue={text}
      onInputChange={(_e, v, reason) => {
        if (reason === 'reset') return;
        if (/[\s,;]/.test(v)) add(v);
        else setText(v);
      }}
      onChange={(_e, v) => props.onChange([...new Set(v.map((d) => d.trim().toLowerCase()).filter(Boolean))])}
      onBlur={() => add(text)}
      renderValue={(values, getItemProps) =>
        values.map((option, index) => {
          const { key, ...itemProps } = getItemProps({ index });
          const refused = props.errors?.[`/emailDomains/${index}`];
          return (
            <Chip
              key={key}
              size="small"
              label={option}
              color={refused ? 'error' : 'default'}
              title={refused}
              {...itemProps}
            />
          );
        })
      }
      renderInput={(params) => (
        <TextField
          {...params}
          label={props.label}
          error={props.error}
          helperText={props.helperText}
          placeholder={props.value.length ? '' : 'example.com'}
        />
      )}
    />
  );
}
