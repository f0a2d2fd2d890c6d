// The colour theme chosen on any AITBC page (the explorer's toggle), applied before the first paint. A classic
// script file rather than an inline one: the page is served under script-src 'self'.
try {
  var t = localStorage.getItem('aitbc-theme');
  if (t) document.documentElement.dataset.theme = t;
} catch (e) { /* private mode */ }
