// Runs before the first paint (a classic script in <head>, not a module): the saved theme, so a dark page never
// flashes light. With data-booting the footer stays hidden until the first view is drawn (no layout shift).
// A file, not an inline script, so the Content-Security-Policy needs no 'unsafe-inline'.
try {
  var savedTheme = localStorage.getItem('aitbc-theme');
  if (savedTheme) document.documentElement.dataset.theme = savedTheme;
} catch (e) { /* storage disabled: the system theme applies */ }
if (document.currentScript && document.currentScript.hasAttribute('data-booting')) {
  document.documentElement.classList.add('booting');
}
