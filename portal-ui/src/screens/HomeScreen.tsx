import InboxOutlined from '@mui/icons-material/InboxOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useBoot, usePlugins, useSession } from '@portico/core/react';
import { Suspense, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '@portico/core/react';
import { useFormat } from '../format.js';
import { homeSections, sideColumnQuery } from '../home-sections.js';

/** "morning" 5–11, "afternoon" 12–17, "evening" otherwise, in the user's own time zone. */
function partOfDay(hour: number): 'morning' | 'afternoon' | 'evening' {
  return hour >= 5 && hour < 12 ? 'morning' : hour >= 12 && hour < 18 ? 'afternoon' : 'evening';
}

const capitalized = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/** Home: the user's feed in the main column and, on wide screens, plugins' side panels. */
export function HomeScreen(props: { notFound?: boolean }) {
  const { t } = useTranslation();
  const plugins = usePlugins();
  const boot = useBoot();
  const { me } = useSession();
  const format = useFormat();
  // The side column shows on wide screens only: on phones its sections are not even rendered.
  const wide = useMediaQuery(sideColumnQuery, { noSsr: true });
  const sections = useMemo(() => homeSections(plugins, me, wide), [plugins, me, wide]);
  useEffect(() => {
    document.title = props.notFound ? `${t('home.notFoundTitle')} · ${boot.portalName}` : boot.portalName;
  }, [props.notFound, t, boot.portalName]);
  const main = sections.filter((s) => s.slot === 'main');
  const side = sections.filter((s) => s.slot === 'side');
  const firstName = me?.user.name.split(' ')[0] ?? '';
  return (
    <Box
      sx={{
        display: 'grid',
        gap: 3,
        gridTemplateColumns: {
          xs: 'minmax(0, 1fr)',
          lg: side.length ? 'minmax(0, 1fr) 320px' : 'minmax(0, 1fr)',
        },
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
        <Box component="header" sx={{ mb: 3 }}>
          <Typography variant="body2" color="text.secondary">
            {capitalized(format.today())}
          </Typography>
          <Typography variant="h1" sx={{ mt: 0.5 }}>
            {t(`home.greeting.${partOfDay(format.hour())}`, { name: firstName })}
          </Typography>
          {me ? (
            <Typography color="text.secondary" sx={{ mt: 0.5 }}>
              {t('home.welcome', { company: me.organization.name, portal: boot.portalName })}
            </Typography>
          ) : null}
        </Box>
        {main.length === 0 ? (
          <Box
            sx={{
              textAlign: 'center',
              py: 6,
              px: 2,
              border: 1,
              borderColor: 'divider',
              borderStyle: 'dashed',
              borderRadius: 3,
              color: 'text.secondary',
            }}
          >
            <InboxOutlined sx={{ fontSize: 44, mb: 1 }} aria-hidden />
            <Typography>{t('home.empty')}</Typography>
          </Box>
        ) : null}
        {main.map(({ key, Section }) => (
          <Suspense key={key} fallback={<Loading />}>
            <Section />
          </Suspense>
        ))}
      </Box>
      {side.length ? (
        <Box component="aside" aria-label={t('home.side')}>
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
