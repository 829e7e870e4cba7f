import { RouterProvider } from 'react-router';
import { AuthGate } from '../features/auth/AuthGate';
import { router } from './router';
import { SessionEnded } from './SessionEnded';
import { useSession } from './sessionStore';

export function App() {
  const ended = useSession((state) => state.ended);
  if (ended) return <SessionEnded />;
  return (
    <AuthGate>
      <RouterProvider router={router} />
    </AuthGate>
  );
}
