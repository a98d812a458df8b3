import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../kit/api-types.js';
import { useFormat } from '../../kit/format.js';

/** Roles as checkboxes with their descriptions; `inherited` ones show as held through a group. */
export function RoleChecklist(props: {
  label: string;
  roles: Role[];
  value: string[];
  onChange(keys: string[]): void;
  /** Held some other way (through an access group): shown checked and fixed. */
  inherited?: string[];
  disabled?: boolean;
  error?: boolean;
  helperText?: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const toggle = (key: string, on: boolean) =>
    props.onChange(on ? [...props.value, key] : props.value.filter((k) => k !== key));
  return (
    <FormControl component="fieldset" error={props.error} disabled={props.disabled} sx={{ width: '100%' }}>
      <FormLabel component="legend">{props.label}</FormLabel>
      <FormGroup>
        {props.roles.map((r) => {
          const inherited = props.inherited?.includes(r.key) && !props.value.includes(r.key);
          return (
            <FormControlLabel
              key={r.key}
              sx={{ alignItems: 'flex-start', my: 0.5 }}
              control={
                <Checkbox
                  checked={props.value.includes(r.key) || !!inherited}
                  disabled={inherited}
                  onChange={(e) => toggle(r.key, e.target.checked)}
                  sx={{ mt: -0.75 }}
                />
              }
              label={
                <span>
                  {format.translated(r.name, r.key)}
                  {inherited ? ` (${t('users.throughGroup')})` : ''}
                  {r.description ? (
                    <Typography
                      variant="body2"
                      color="text.secondary"
                      component="span"
                      sx={{ display: 'block' }}
                    >
                      {format.translated(r.description)}
                    </Typography>
                  ) : null}
                </span>
              }
            />
          );
        })}
      </FormGroup>
      {props.helperText ? <FormHelperText>{props.helperText}</FormHelperText> : null}
    </FormControl>
  );
}
