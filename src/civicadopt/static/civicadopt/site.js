// After htmx replaces a region that asks for it (data-focus-after-swap), move keyboard and screen-reader
// focus to it, so the result of the action is read out and the next Tab starts from there.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target.querySelector("[data-focus-after-swap]");
  if (target) {
    target.focus();
  }
});
