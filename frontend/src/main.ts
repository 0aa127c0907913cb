import './styles.css';
import { ApiProblem, call, currentUser, setToken } from './api';
import { providerUserName, signIn, signInMode, signOut, startAuth } from './auth';
import { h } from './dom';
import { eventsAdminPage, newEventPage, salesPage } from './pages/backoffice';
import { designerPage, venuesPage } from './pages/designer';
import { doorPage } from './pages/door';
import { eventPage } from './pages/event';
import { eventsPage } from './pages/events';
import { orderPage } from './pages/order';
import { queuePage } from './pages/queue';
import type { Page } from './pages/types';

const routes: [RegExp, (...groups: string[]) => Page][] = [
  [/^\/$/, () => eventsPage],
  [/^\/events\/([\w-]+)\/?$/, (id) => eventPage(id)],
  [/^\/events\/([\w-]+)\/queue\/?$/, (id) => queuePage(id)],
  [/^\/orders\/([\w-]+)\/?$/, (id) => orderPage(id)],
  [/^\/admin\/events\/?$/, () => eventsAdminPage],
  [/^\/admin\/events\/new\/?$/, () => newEventPage],
  [/^\/admin\/events\/([\w-]+)\/?$/, (id) => salesPage(id)],
  [/^\/admin\/venues\/?$/, () => venuesPage],
  [/^\/admin\/venues\/new\/?$/, () => designerPage(null)],
  [/^\/admin\/venues\/([\w-]+)\/?$/, (id) => designerPage(id)],
  [/^\/door\/?$/, () => doorPage(null)],
  [/^\/door\/([\w-]+)\/?$/, (id) => doorPage(id)],
];

const main = document.getElementById('app') as HTMLElement;
const account = document.getElementById('account') as HTMLElement;
let teardown: () => void = () => {};

function navigate(path: string, replace = false): void {
  if (replace) {
    history.replaceState(null, '', path);
  } else {
    history.pushState(null, '', path);
  }
  render();
}

function render(): void {
  teardown();
  main.replaceChildren();
  renderAccount();
  const path = location.pathname;
  for (const [pattern, page] of routes) {
    const match = pattern.exec(path);
    if (match) {
      // a container of its own: whatever a page's late answers add after it was left goes nowhere
      const container = h('div', { class: 'page' });
      main.append(container);
      let left = false;
      const stop = page(...match.slice(1))(container, (to) => {
        if (!left) {
          navigate(to);
        }
      });
      teardown = () => {
        left = true;
        stop();
        container.remove();
      };
      main.focus({ preventScroll: true });
      return;
    }
  }
  teardown = () => {};
  main.append(h('h1', {}, 'Not found'), h('a', { href: '/', 'data-link': true }, 'All events'));
}

/**
 * Who is signed in. With a provider, Sign in goes there (and comes back to this page); in the demo
 * profile, signing in mints a token for any name.
 */
function renderAccount(): void {
  if (signInMode() === 'OIDC') {
    const name = providerUserName();
    account.replaceChildren(
      name
        ? h('span', { 'data-testid': 'user' }, `Signed in as ${name}`)
        : h('button', { type: 'button', 'data-testid': 'sign-in', onclick: () => void signIn() }, 'Sign in'),
      ...(name ? [h('button', { type: 'button', class: 'link', onclick: () => void signOut() }, 'Sign out')] : []),
    );
    return;
  }
  const user = currentUser();
  if (user) {
    account.replaceChildren(
      h('span', { 'data-testid': 'user' }, `Signed in as ${user}`),
      h('button', { type: 'button', class: 'link', onclick: () => { setToken(null); render(); } }, 'Sign out'),
    );
    return;
  }
  const name = h('input', { name: 'user', placeholder: 'Your name', 'aria-label': 'Your name', required: true, autocomplete: 'username' });
  const note = h('span', { class: 'muted', role: 'status' });
  const form = h('form', { class: 'sign-in' }, name, h('button', { type: 'submit' }, 'Sign in'), note);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const answer = await call<{ token: string }>('POST', '/api/v1/dev/token', { body: { userId: name.value.trim(), roles: [] } });
      setToken(answer.body.token);
      render();
    } catch (problem) {
      note.textContent = problem instanceof ApiProblem && problem.status === 404
        ? 'Sign-in by name is only in the demo; use your account token.'
        : 'Could not sign in.';
    }
  });
  account.replaceChildren(form);
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest('a[data-link]') as HTMLAnchorElement | null;
  if (link && !event.ctrlKey && !event.metaKey && link.origin === location.origin) {
    event.preventDefault();
    navigate(link.pathname);
  }
});
window.addEventListener('popstate', render);
void startAuth(location.pathname).then((path) => {
  if (path !== location.pathname) {
    history.replaceState(null, '', path);
  }
  render();
});
