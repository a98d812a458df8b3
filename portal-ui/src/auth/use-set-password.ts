import { useApi } from '@portico/core/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { checkNewPassword } from '../components/NewPasswordFields.js';
import { fieldProblems, statusOf } from '../errors.js';
import { useFinishLogin, type LoginAnswer } from './login-answer.js';

/** A token from a mail link: what the reset and invitation links carry. */
export const linkTokenPattern = /^[A-Za-z0-9_-]{20,200}$/;

/**
 * The form of a mail link that sets a password and logs in (password reset, invitation): the two
 * fields, the checks made before sending, the password policy's refusals under the field, and
 * `linkDead` when the server says the link is used or expired (400).
 */
export function useSetPasswordForm(path: string, token: string) {
  const { t } = useTranslation();
  const api = useApi();
  const finish = useFinishLogin();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<{ password?: string[]; confirm?: string }>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [linkDead, setLinkDead] = useState(!linkTokenPattern.test(token));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = checkNewPassword(t, password, confirm);
    setProblems(local);
    setError(undefined);
    if (local.password || local.confirm) return;
    setBusy(true);
    try {
      await finish(await api.post<LoginAnswer>(path, { token, password }), '/');
    } catch (err) {
      const fields = fieldProblems(t, err);
      if (statusOf(err) === 400) setLinkDead(true);
      else if (statusOf(err) === 422 && fields['/password']) setProblems({ password: fields['/password'] });
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return { password, setPassword, confirm, setConfirm, problems, error, busy, linkDead, submit };
}
