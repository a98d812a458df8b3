import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApiData } from '@portico/core/react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function Figure(props: { label: string; value: number | string | undefined; to: string }) {
  return (
    <Card>
      <CardActionArea component={Link} to={props.to}>
        <CardContent>
          <Typography variant="body2" color="text.secondary">
            {props.label}
          </Typography>
          <Typography variant="h2" component="p">
            {props.value ?? '…'}
          </Typography>
        </CardContent>
      </CardActionArea>
    </Card>
  );
}

/** What needs the staff's attention: pending account requests, customers, users, mails waiting. */
export default function DashboardScreen() {
  const { t } = useTranslation();
  const requests = useApiData<Page<unknown>>('/account-requests?status=pending&limit=100');
  const organizations = useApiData<Page<unknown>>('/organizations?limit=200');
  const users = useApiData<Page<unknown>>('/users?limit=200');
  const count = (p: Page<unknown> | undefined) =>
    p ? `${p.items.length}${p.nextCursor ? '+' : ''}` : undefined;
  return (
    <>
      <Typography variant="h1" sx={{ mb: 2 }}>
        {t('dashboard.title')}
      </Typography>
      <ProblemAlert error={requests.error ?? organizations.error ?? users.error} />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, sm: 6, md: 4 }}>
          <Figure label={t('dashboard.pendingRequests')} value={count(requests.data)} to="/approvals" />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 4 }}>
          <Figure
            label={t('dashboard.organizations')}
            value={count(organizations.data)}
            to="/organizations"
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 4 }}>
          <Figure label={t('dashboard.users')} value={count(users.data)} to="/users" />
        </Grid>
      </Grid>
    </>
  );
}
