/* "Exit this page" (behaviour modelled on GOV.UK's component): on sensitive pages the button is a plain
   link; with JavaScript, the button or pressing Shift 3 times hides the page at once, announces it and
   replaces the page in history, so Back does not return here. */
(function () {
  "use strict";

  var box = document.querySelector("[data-guide-exit]");
  if (!box) return;
  var link = box.querySelector("[data-guide-exit-link]");
  var status = box.querySelector("[data-guide-exit-status]");
  var presses = 0;
  var timer = null;

  // The Shift hint only where a keyboard can press it: not on touch screens, not without JavaScript.
  var keys = box.querySelector("[data-guide-exit-keys]");
  if (keys && window.matchMedia("(hover: hover) and (pointer: fine)").matches) keys.hidden = false;

  function exit(event) {
    if (event) event.preventDefault();
    var overlay = document.createElement("div");
    overlay.className = "guide-exit-overlay";
    overlay.setAttribute("role", "alert");
    overlay.textContent = box.getAttribute("data-activated");
    document.body.append(overlay);
    document.documentElement.classList.add("guide-exiting");
    window.location.replace(link.href);
  }

  link.addEventListener("click", exit);
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      presses = 0;
      return;
    }
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; status.textContent = ""; }, 5000);
    if (presses >= 3) {
      exit();
    } else {
      status.textContent = box.getAttribute(presses === 1 ? "data-press-two" : "data-press-one");
    }
  });
})();
