import SearchOutlined from '@mui/icons-material/SearchOutlined';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import { useDebouncedInput } from './search-params.js';

/** A search box that passes its text on once typing stops. */
export function SearchField(props: { label: string; value: string; onChange(value: string): void }) {
  const [text, setText] = useDebouncedInput(props.value, (v) => props.onChange(v.trim()));
  return (
    <TextField
      type="search"
      size="small"
      margin="none"
      fullWidth={false}
      label={props.label}
      value={text}
      onChange={(e) => setText(e.target.value)}
      sx={{ minWidth: { sm: 260 }, flexGrow: { xs: 1, lg: 0 } }}
      slotProps={{
        input: {
          startAdornment: (
            <InputAdornment position="start">
              <SearchOutlined fontSize="small" />
            </InputAdornment>
          ),
        },
      }}
    />
  );
}
