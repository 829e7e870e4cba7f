import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ScreenHeader } from '../../components/ScreenHeader';

interface PlannedScreenProps {
  title: string;
  headline: string;
  children: ReactNode;
}

/** A screen whose feature is still to come: say so honestly and point at what works today. */
export function PlannedScreen({ title, headline, children }: PlannedScreenProps) {
  return (
    <div className="screen">
      <ScreenHeader title={title} />
      <section className="panel planned" data-testid="planned-screen">
        <h2>{headline}</h2>
        <div className="planned-body">{children}</div>
        <p className="planned-links">
          Meanwhile, the <Link to="/timeline">Timeline</Link> shows every recorded event and{' '}
          <Link to="/integrity">Integrity</Link> proves the log has not been altered.
        </p>
      </section>
    </div>
  );
}
