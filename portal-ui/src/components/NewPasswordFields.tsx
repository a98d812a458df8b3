import { useTranslation } from 'react-i18next';
import { PasswordField } from './PasswordField.js';

/**
 * A new password and its repetition, with the policy's refusals under the first field. `username`
 * goes into a hidden field so password managers store the new password under the right account.
 */
export function NewPasswordFields(props: {
  username?: string | undefined;
  password: string;
  confirm: string;
  onPassword(value: string): void;
  onConfirm(value: string): void;
  problems?: string[] | undefined;
  confirmProblem?: string | undefined;
  label?: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {props.username ? (
        <input type="text" name="username" autoComplete="username" value={props.username} readOnly hidden />
      ) : null}
      <PasswordField
        label={props.label ?? t('password.new')}
        autoComplete="new-password"
        required
        value={props.password}
        onChange={(e) => props.onPassword(e.target.value)}
        problems={props.problems}
        hint={t('password.hint')}
        autoFocus={props.autoFocus}
      />
      <PasswordField
        label={t('password.repeat')}
        autoComplete="new-password"
        required
        value={props.confirm}
        onChange={(e) => props.onConfirm(e.target.value)}
        problems={props.confirmProblem ? [props.confirmProblem] : undefined}
      />
    </>
  );
}

/** The client-side checks of a new password pair: the same problems the server would give first. */
export function checkNewPassword(
  t: (key: string) => string,
  password: string,
  confirm: string,
): { password?: string[]; confirm?: string } {
  if (!password) return { password: [t('field.required')] };
  if (password !== confirm) return { confirm: t('password.mismatch') };
  return {};
}
