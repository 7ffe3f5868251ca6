// Follows a running import on its page: each second the page is fetched again and the
// job's section swapped in (announced politely to screen readers); once the job is done
// the whole page is taken fresh, the result and the import log with it. Without script,
// the section's Refresh link does the same by hand.
(function () {
  "use strict";
  if (!document.querySelector("#job[data-job-running]")) {
    return;
  }
  function tick() {
    fetch(window.location.href, { credentials: "same-origin", redirect: "follow" })
      .then(function (answer) {
        if (!answer.ok || answer.redirected) {
          throw new Error("reload");  // e.g. the session ended: the login page, then back
        }
        return answer.text();
      })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, "text/html");
        var section = fresh.getElementById("job");
        if (!section || !section.hasAttribute("data-job-running")) {
          throw new Error("reload");
        }
        document.getElementById("job").replaceWith(document.adoptNode(section));
        window.setTimeout(tick, 1000);
      })
      .catch(function () {
        window.location.reload();
      });
  }
  window.setTimeout(tick, 1000);
})();
