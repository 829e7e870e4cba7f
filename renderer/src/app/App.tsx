import { RouterProvider } from 'react-router';
import { router } from './router';
import { SessionEnded } from './SessionEnded';
import { useSession } from './sessionStore';

export function App() {
  const ended = useSession((state) => state.ended);
  return ended ? <SessionEnded /> : <RouterProvider router={router} />;
}
