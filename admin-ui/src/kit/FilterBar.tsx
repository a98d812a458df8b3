import FilterListOutlined from '@mui/icons-material/FilterListOutlined';
import Badge from '@mui/material/Badge';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import Stack from '@mui/material/Stack';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The search box and filters above a list. On phones only the search box shows; the filters open
 * with a button that says how many are set.
 */
export function FilterBar(props: {
  label: string;
  search?: ReactNode;
  children?: ReactNode;
  /** How many filters (besides the search) are set. */
  active?: number;
}) {
  const { t } = useTranslation();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'), { noSsr: true });
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const row = (children: ReactNode) => (
    <Stack direction="row" useFlexGap spacing={1.5} sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
      {children}
    </Stack>
  );
  if (!phone || !props.children)
    return (
      <Stack role="search" aria-label={props.label} sx={{ mb: 2 }}>
        {row(
          <>
            {props.search}
            {props.children}
          </>,
        )}
      </Stack>
    );
  return (
    <Stack role="search" aria-label={props.label} spacing={1.5} sx={{ mb: 2 }}>
      {row(
        <>
          {props.search}
          <Button
            onClick={() => setOpen(!open)}
            aria-expanded={open}
            aria-controls={panelId}
            startIcon={
              <Badge badgeContent={props.active ?? 0} color="primary">
                <FilterListOutlined />
              </Badge>
            }
            sx={{ flexShrink: 0 }}
          >
            {t('kit.filters')}
          </Button>
        </>,
      )}
      <Collapse in={open} id={panelId}>
        {row(props.children)}
      </Collapse>
    </Stack>
  );
}
