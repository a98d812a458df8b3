import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { isVisibleTo, usePlugins, useSession } from '@portico/core/react';
import { Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { lazyPage, Loading } from '../App.js';

/** Home: the user's feed in the main column and, on wide screens, plugins' side panels. */
export function HomeScreen(props: { notFound?: boolean }) {
  const { t } = useTranslation();
  const plugins = usePlugins();
  const { me } = useSession();
  const sections = useMemo(
    () =>
      plugins
        .flatMap((p) =>
          (p.home ?? [])
            .filter((h) => isVisibleTo(me, p.id, h.permission))
            .map((h) => ({ ...h, key: `${p.id}:${h.id}`, Section: lazyPage(h.load) })),
        )
        .sort((a, b) => (a.order ?? 100) - (b.order ?? 100)),
    [plugins, me],
  );
  const main = sections.filter((s) => s.slot === 'main');
  const side = sections.filter((s) => s.slot === 'side');
  return (
    <Box
      sx={{
        display: 'grid',
        gap: 3,
        gridTemplateColumns: { xs: '1fr', lg: side.length ? 'minmax(0, 1fr) 320px' : '1fr' },
        maxWidth: 1280,
        mx: 'auto',
      }}
    >
      <Box sx={{ minWidth: 0, maxWidth: 760, width: '100%', mx: 'auto' }}>
        {props.notFound ? (
          <Alert severity="warning" sx={{ mb: 2 }}>
            {t('home.notFound')}
          </Alert>
        ) : null}
        <Typography variant="h1" sx={{ mb: 2 }}>
          {t('home.greeting', { name: me?.user.name.split(' ')[0] ?? '' })}
        </Typography>
        {main.length === 0 ? <Typography color="text.secondary">{t('home.empty')}</Typography> : null}
        {main.map(({ key, Section }) => (
          <Suspense key={key} fallback={<Loading />}>
            <Section />
          </Suspense>
        ))}
      </Box>
      {side.length ? (
        <Box component="aside" aria-label={t('home.side')} sx={{ display: { xs: 'none', lg: 'block' } }}>
          {side.map(({ key, Section }) => (
            <Suspense key={key} fallback={<Loading />}>
              <Section />
            </Suspense>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
