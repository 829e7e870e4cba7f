import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Permission } from '../../../../shared/permissions';
import { ScreenHeader } from '../../components/ScreenHeader';
import { PERMISSION_TEXT, roleLabel, useCan } from './access';
import { useSessionInfo } from './authStore';

interface RequirePermissionProps {
  permission: Permission;
  /** The screen's title, kept as the heading so the user knows where they landed. */
  title: string;
  children: ReactNode;
}

/** A screen the user's role may not open says so plainly (from a bookmark or an old link) instead of failing call by call. */
export function RequirePermission({ permission, title, children }: RequirePermissionProps) {
  const allowed = useCan(permission);
  return allowed ? children : <ForbiddenPanel permission={permission} title={title} />;
}

export function ForbiddenPanel({ permission, title }: { permission: Permission; title: string }) {
  const session = useSessionInfo();
  return (
    <div className="screen">
      <ScreenHeader title={title} />
      <section className="panel forbidden" role="alert" data-testid="forbidden-panel">
        <h2>
          You don’t have access to this — your role ({roleLabel(session?.role)}) does not include{' '}
          <code>{permission}</code>
        </h2>
        <p>
          This screen needs permission to {PERMISSION_TEXT[permission]}. If your work needs it, ask an administrator to
          give you a role that includes it.
        </p>
        <p>
          <Link to="/dashboard">Go to the dashboard</Link>
        </p>
      </section>
    </div>
  );
}
