import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApiData } from '@portico/core/react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AdminUser, AuditEntry } from '../../kit/api-types.js';
import type { Page } from '../../kit/cursor-pages.js';
import { useFormat } from '../../kit/format.js';
import { useAuditTypeLabel } from '../audit/audit-text.js';

/** The latest audit entries by or about a user, with a link to all of them. */
export function UserActivity(props: { user: AdminUser }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useAuditTypeLabel();
  const entries = useApiData<Page<AuditEntry>>(`/audit?userId=${props.user.id}&limit=8`);
  return (
    <Card component="section" aria-labelledby="user-activity-heading">
      <CardContent>
        <Typography id="user-activity-heading" variant="h3" component="h2">
          {t('users.activity')}
        </Typography>
        <ProblemAlert error={entries.error} />
        {!entries.data && !entries.error ? <Skeleton variant="rounded" height={120} sx={{ mt: 1 }} /> : null}
        {entries.data && !entries.data.items.length ? (
          <Typography color="text.secondary" sx={{ mt: 1 }}>
            {t('users.noActivity')}
          </Typography>
        ) : null}
        {entries.data?.items.length ? (
          <List dense disablePadding>
            {entries.data.items.map((e) => (
              <ListItem key={e.id} disableGutters divider>
                <ListItemText
                  primary={label(e.type)}
                  secondary={[
                    format.dateTime(e.at),
                    e.actor.userId && e.actor.userId !== props.user.id
                      ? t('users.by', { name: e.actor.name ?? e.actor.email ?? '' })
                      : null,
                    e.ip,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                />
              </ListItem>
            ))}
          </List>
        ) : null}
        <Button component={Link} to={`/audit?userId=${props.user.id}`} sx={{ mt: 1 }}>
          {t('users.allActivity')}
        </Button>
      </CardContent>
    </Card>
  );
}
