import CloseOutlined from '@mui/icons-material/CloseOutlined';
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Typography from '@mui/material/Typography';
import { useBoot } from '@portico/core/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../components/BrandMark.js';

/**
 * The menu as a drawer over the page, on phones. Its own chunk (with MUI's Drawer and Modal):
 * loaded when the menu is first wanted, not with the page.
 */
export default function MenuDrawer(props: { open: boolean; onClose(): void; children: ReactNode }) {
  const boot = useBoot();
  const { t } = useTranslation();
  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      sx={{ '& .MuiDrawer-paper': { width: 'min(300px, 85vw)' } }}
    >
      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          gap: 1.5,
          px: 2,
          py: 1.5,
          borderBottom: 1,
          borderColor: 'divider',
        }}
      >
        <BrandMark size={32} />
        <Typography sx={{ fontWeight: 700, flexGrow: 1, minWidth: 0 }} noWrap>
          {boot.portalName}
        </Typography>
        <IconButton aria-label={t('nav.close')} onClick={props.onClose} edge="end">
          <CloseOutlined />
        </IconButton>
      </Box>
      <Box sx={{ display: 'flex', flexDirection: 'column', flexGrow: 1 }}>{props.children}</Box>
    </Drawer>
  );
}
