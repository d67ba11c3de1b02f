// Submits the form named by [data-auto-submit] once the page has loaded, as if its first button were
// pressed (sign-out confirmation). A file, not an inline script, so it runs under a strict CSP.
document.addEventListener('DOMContentLoaded', () => {
  const holder = document.querySelector('[data-auto-submit]');
  const form = holder && document.getElementById(holder.getAttribute('data-auto-submit'));
  const button = holder && holder.querySelector('button[name]');
  if (!form || !button) return;
  const field = document.createElement('input');
  field.type = 'hidden';
  field.name = button.name;
  field.value = button.value;
  form.appendChild(field);
  form.submit();
});
