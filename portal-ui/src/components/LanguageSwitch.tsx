import CheckOutlined from '@mui/icons-material/CheckOutlined';
import TranslateOutlined from '@mui/icons-material/TranslateOutlined';
import Button from '@mui/material/Button';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useBoot } from '@portico/core/react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languageName, useChangeLanguage } from '../languages.js';

/** The language choice of the pages before login (after login it lives in the user menu and the profile). */
export function LanguageSwitch(props: { color?: 'inherit' | 'primary' }) {
  const { t, i18n } = useTranslation();
  const boot = useBoot();
  const change = useChangeLanguage();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const id = useId();
  if (boot.languages.length < 2) return null;
  return (
    <>
      <Button
        color={props.color ?? 'primary'}
        startIcon={<TranslateOutlined />}
        aria-haspopup="menu"
        aria-controls={anchor ? id : undefined}
        aria-expanded={!!anchor}
        aria-label={t('language.choose', { current: languageName(i18n.language) })}
        onClick={(e) => setAnchor(e.currentTarget)}
      >
        {languageName(i18n.language)}
      </Button>
      <Menu id={id} anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {boot.languages.map((l) => (
          <MenuItem
            key={l}
            lang={l}
            selected={l === i18n.language}
            onClick={() => {
              setAnchor(null);
              change(l).catch(() => undefined);
            }}
          >
            <ListItemIcon>{l === i18n.language ? <CheckOutlined fontSize="small" /> : null}</ListItemIcon>
            <ListItemText>{languageName(l)}</ListItemText>
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
