import ChevronLeftOutlined from '@mui/icons-material/ChevronLeftOutlined';
import ChevronRightOutlined from '@mui/icons-material/ChevronRightOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme, type Breakpoint } from '@mui/material/styles';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

export interface Column<T> {
  key: string;
  label: ReactNode;
  render(row: T): ReactNode;
  /** Hidden on screens narrower than this breakpoint (tablets show fewer columns). */
  from?: Breakpoint;
  align?: 'left' | 'right' | 'center';
  width?: number | string;
}

export interface Paging {
  page: number;
  hasNext: boolean;
  hasPrevious: boolean;
  next(): void;
  previous(): void;
}

/**
 * A list of the API's rows: a table on tablets and desktops, cards on phones, with paging by
 * cursor, a loading state and an empty state. `to` makes each row a link to its detail page.
 */
export function DataList<T>(props: {
  /** Names the table for screen readers. */
  label: string;
  items: T[] | undefined;
  loading: boolean;
  columns: Column<T>[];
  rowKey(row: T): string;
  /** The card of a row on phones. */
  card(row: T): ReactNode;
  to?(row: T): string;
  /** Instead of a link: what a click on the row does (opens a dialog). */
  onOpen?(row: T): void;
  empty: ReactNode;
  paging?: Paging;
  /** Breakpoint from which the table is used; cards below. */
  tableFrom?: Breakpoint;
}) {
  const theme = useTheme();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const table = useMediaQuery(theme.breakpoints.up(props.tableFrom ?? 'sm'), { noSsr: true });
  const widths = {
    xs: true,
    sm: useMediaQuery(theme.breakpoints.up('sm'), { noSsr: true }),
    md: useMediaQuery(theme.breakpoints.up('md'), { noSsr: true }),
    lg: useMediaQuery(theme.breakpoints.up('lg'), { noSsr: true }),
    xl: useMediaQuery(theme.breakpoints.up('xl'), { noSsr: true }),
  };
  const columns = props.columns.filter((c) => !c.from || widths[c.from]);
  const { items, loading } = props;
  const open = (row: T) => {
    if (props.to) void navigate(props.to(row));
    else props.onOpen?.(row);
  };
  const clickable = !!(props.to || props.onOpen);

  let body: ReactNode;
  if (!items && loading) {
    body = (
      <Stack spacing={1} sx={{ p: 2 }} aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} variant="rounded" height={table ? 36 : 72} />
        ))}
      </Stack>
    );
  } else if (!items?.length) {
    body = (
      <Box sx={{ p: { xs: 3, sm: 5 }, textAlign: 'center', color: 'text.secondary' }}>{props.empty}</Box>
    );
  } else if (table) {
    body = (
      <TableContainer>
        <Table size="small" aria-label={props.label} aria-busy={loading}>
          <TableHead>
            <TableRow>
              {columns.map((c) => (
                <TableCell
                  key={c.key}
                  align={c.align}
                  sx={{ fontWeight: 600, width: c.width, whiteSpace: 'nowrap' }}
                >
                  {c.label}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map((row) => (
              <TableRow
                key={props.rowKey(row)}
                hover={clickable}
                onClick={
                  clickable
                    ? (e) => {
                        // Links and buttons in the row do their own thing.
                        if ((e.target as HTMLElement).closest('a,button,input,label')) return;
                        open(row);
                      }
                    : undefined
                }
                sx={clickable ? { cursor: 'pointer' } : undefined}
              >
                {columns.map((c) => (
                  <TableCell key={c.key} align={c.align} sx={{ py: 1.25 }}>
                    {c.render(row)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    );
  } else {
    body = (
      <Stack component="ul" spacing={1} sx={{ listStyle: 'none', m: 0, p: 0 }} aria-label={props.label}>
        {items.map((row) => (
          <li key={props.rowKey(row)}>
            <Card>
              {props.to ? (
                <CardActionArea component={Link} to={props.to(row)}>
                  <CardContent sx={{ py: 1.5 }}>{props.card(row)}</CardContent>
                </CardActionArea>
              ) : props.onOpen ? (
                <CardActionArea onClick={() => props.onOpen?.(row)}>
                  <CardContent sx={{ py: 1.5 }}>{props.card(row)}</CardContent>
                </CardActionArea>
              ) : (
                <CardContent sx={{ py: 1.5 }}>{props.card(row)}</CardContent>
              )}
            </Card>
          </li>
        ))}
      </Stack>
    );
  }

  const paging = props.paging;
  return (
    <Paper
      variant="outlined"
      sx={{
        overflow: 'hidden',
        bgcolor: table ? 'background.paper' : 'transparent',
        border: table ? undefined : 'none',
      }}
    >
      <Box sx={{ height: 4 }}>
        {loading && items ? <LinearProgress aria-label={t('kit.loading')} /> : null}
      </Box>
      {body}
      {paging && (paging.hasNext || paging.hasPrevious) ? (
        <Stack
          direction="row"
          spacing={1}
          component="nav"
          aria-label={t('kit.pages')}
          sx={{
            alignItems: 'center',
            justifyContent: 'flex-end',
            px: 2,
            py: 1,
            borderTop: table ? 1 : 0,
            borderColor: 'divider',
          }}
        >
          <Typography variant="body2" color="text.secondary" sx={{ mr: 'auto' }}>
            {t('kit.page', { page: paging.page + 1 })}
          </Typography>
          <Button
            size="small"
            startIcon={<ChevronLeftOutlined />}
            onClick={paging.previous}
            disabled={!paging.hasPrevious || loading}
          >
            {t('kit.previous')}
          </Button>
          <Button
            size="small"
            endIcon={<ChevronRightOutlined />}
            onClick={paging.next}
            disabled={!paging.hasNext || loading}
          >
            {t('kit.next')}
          </Button>
        </Stack>
      ) : null}
    </Paper>
  );
}
