import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './styles/base.css';
import './styles/shell.css';
import './styles/timeline.css';
import './styles/saved-views.css';
import './styles/integrity.css';
import './styles/auth.css';
import './styles/accounts.css';
import './styles/settings.css';
import './styles/imports.css';
import './styles/alerts.css';
import './styles/dashboard.css';
import './styles/forecasts.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
