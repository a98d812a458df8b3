import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { roleDescription, roleName, type Role } from './model.js';

/** Checkboxes for the roles of the company's kind, each with what it allows. */
export function RolePicker(props: {
  roles: Role[];
  value: string[];
  onChange(value: string[]): void;
  problem?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const toggle = (key: string, on: boolean) =>
    props.onChange(on ? [...props.value, key] : props.value.filter((k) => k !== key));
  return (
    <FormControl component="fieldset" margin="normal" fullWidth error={!!props.problem}>
      <FormLabel component="legend">{t('company.roles')}</FormLabel>
      <Box sx={{ display: 'grid', gap: 0.5, mt: 0.5 }}>
        {props.roles.map((r) => (
          <FormControlLabel
            key={r.key}
            sx={{ alignItems: 'flex-start', mr: 0 }}
            control={
              <Checkbox
                checked={props.value.includes(r.key)}
                onChange={(e) => toggle(r.key, e.target.checked)}
                sx={{ mt: -0.5 }}
              />
            }
            label={
              <Box sx={{ pt: 0.25 }}>
                <Typography component="span" sx={{ fontWeight: 600, display: 'block' }}>
                  {roleName(r, r.key, i18n.language)}
                </Typography>
                {roleDescription(r, i18n.language) ? (
                  <Typography
                    component="span"
                    variant="body2"
                    color="text.secondary"
                    sx={{ display: 'block' }}
                  >
                    {roleDescription(r, i18n.language)}
                  </Typography>
                ) : null}
              </Box>
            }
          />
        ))}
      </Box>
      {props.problem ? <FormHelperText>{props.problem}</FormHelperText> : null}
    </FormControl>
  );
}
