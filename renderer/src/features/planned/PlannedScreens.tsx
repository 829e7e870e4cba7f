import { Link } from 'react-router';
import { ScreenHeader } from '../../components/ScreenHeader';
import { PlannedScreen } from './PlannedScreen';

export function ReportsScreen() {
  return (
    <PlannedScreen title="Reports" headline="Reports and evidence exports come in a later version">
      <p>
        You will be able to save any timeline view as a PDF, CSV or JSON file — with a summary for your district
        manager, or as an evidence package someone else can verify independently.
      </p>
    </PlannedScreen>
  );
}

export function NotFoundScreen() {
  return (
    <div className="screen">
      <ScreenHeader title="Page not found" />
      <section className="panel">
        <p>This address does not lead to a Watchdog screen.</p>
        <p>
          <Link to="/dashboard">Go to the dashboard</Link>
        </p>
      </section>
    </div>
  );
}
