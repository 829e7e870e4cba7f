import type { ReactNode } from 'react';

interface AuthCardProps {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  testId?: string;
}

/** The centred card every screen before the app uses (setup, recovery key, login, lock, forced password change). */
export function AuthCard({ title, subtitle, children, testId }: AuthCardProps) {
  return (
    <div className="auth-page">
      <main className="auth-card" data-testid={testId}>
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            W
          </span>
          <span className="brand-name">Watchdog</span>
        </div>
        <h1>{title}</h1>
        {subtitle && <p className="auth-subtitle">{subtitle}</p>}
        {children}
      </main>
    </div>
  );
}
