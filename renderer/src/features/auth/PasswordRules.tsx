import type { ReactNode } from 'react';
import { MIN_PASSWORD_LENGTH } from '../../../../shared/roles';

/** The core's rule (main/core/accounts/passwords.ts): shown before the user types, checked by the core. */
const MIN_LENGTH = MIN_PASSWORD_LENGTH;

interface PasswordRulesProps {
  password: string;
  /** The user's login and display names: a password must not contain them. */
  names: string[];
}

/**
 * The password rules, with a tick for the two a screen can see for itself. Whether a password is one
 * of the common ones only the core knows; its message is shown when it refuses one.
 */
export function PasswordRules({ password, names }: PasswordRulesProps) {
  const lower = password.toLowerCase();
  const longEnough = password.length >= MIN_LENGTH;
  const usesName = names.map((n) => n.trim().toLowerCase()).some((n) => n.length >= 3 && lower.includes(n));
  return (
    <ul className="password-rules" aria-label="Password rules">
      <Rule met={longEnough} touched={password.length > 0}>
        At least {MIN_LENGTH} characters — a few words make a good one
      </Rule>
      <Rule met={!usesName} touched={password.length > 0}>
        Not your user name or your name
      </Rule>
      <Rule met={null} touched={false}>
        Not a common password such as “password123” (Watchdog checks)
      </Rule>
    </ul>
  );
}

function Rule({ met, touched, children }: { met: boolean | null; touched: boolean; children: ReactNode }) {
  const state = !touched || met === null ? 'open' : met ? 'met' : 'unmet';
  return (
    <li className={`rule rule-${state}`}>
      <span className="rule-mark" aria-hidden="true">
        {state === 'met' ? '✓' : state === 'unmet' ? '✗' : '•'}
      </span>
      <span>{children}</span>
      {state !== 'open' && <span className="visually-hidden">{state === 'met' ? ' (met)' : ' (not met yet)'}</span>}
    </li>
  );
}
