// Small progressive enhancements; every page works without them.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.querySelector(button.dataset.copy);
  if (!field) return;
  field.select();
  const done = () => {
    const label = button.textContent;
    button.textContent = button.dataset.copied || label;
    setTimeout(() => { button.textContent = label; }, 2000);
  };
  if (navigator.clipboard) {
    navigator.clipboard.writeText(field.value).then(done, () => document.execCommand("copy") && done());
  } else if (document.execCommand("copy")) {
    done();
  }
});

// Quick add: after a name was added, empty the field for the next one. The form itself is
// never swapped, so the cursor stays where it was. On an error the name stays as typed.
document.addEventListener("persoon-toegevoegd", (event) => {
  const form = event.target.closest("[data-snel-toevoegen]") || document.querySelector("[data-snel-toevoegen]");
  if (!form) return;
  form.reset();
  form.querySelector("input[name=naam]").focus();
});

// Keep the field's invalid state in step with the error text htmx swapped in.
document.addEventListener("htmx:afterSettle", () => {
  const error = document.getElementById("naam-fout");
  const field = document.querySelector("[data-snel-toevoegen] input[name=naam]");
  if (!error || !field) return;
  const invalid = error.textContent.trim() !== "";
  field.classList.toggle("is-invalid", invalid);
  if (invalid) field.setAttribute("aria-invalid", "true");
  else field.removeAttribute("aria-invalid");
});

// A drawing wider than the phone opens at its centre (home in the buurtkaart).
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll("[data-scroll-midden]")) {
    box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2;
  }
});

// Tap 1 on "Hoe gaat het?" opens the four buttons: bring them into view on a small
// screen, so tap 2 needs no scrolling first.
document.addEventListener("toggle", (event) => {
  const keuze = event.target;
  if (!(keuze instanceof HTMLDetailsElement) || !keuze.open || !keuze.matches(".status-keuze")) return;
  const knoppen = keuze.querySelector(".status-knoppen-veld");
  if (knoppen) knoppen.scrollIntoView({ block: "nearest", behavior: "smooth" });
}, true);
