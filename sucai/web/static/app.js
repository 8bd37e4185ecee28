// Small helpers: follow an import job's progress; highlight the section a jump lands on.
(function () {
  "use strict";
  var labels = { imported: "已导入", duplicate: "重复", rejected: "拒绝" };
  var states = { running: "导入中…", finished: "已完成", failed: "失败" };

  function cell(text) { var td = document.createElement("td"); td.textContent = text == null ? "" : String(text); return td; }

  function followJob(box) {
    var id = box.getAttribute("data-job");
    function poll() {
      fetch("/api/admin/jobs/" + encodeURIComponent(id), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          if (!job || job.error && job.error.status) { return; }
          var bar = document.getElementById("job-progress");
          bar.max = job.total || 1; bar.value = job.done;
          document.getElementById("job-count").textContent = job.done + " / " + (job.total || "?");
          document.getElementById("job-state").textContent = states[job.state] || job.state;
          var ocr = document.getElementById("job-ocr");
          if (ocr) {
            ocr.textContent = job.ocr && job.state === "running"
              ? "正在识别扫描件 " + job.ocr.path + "：第 " + job.ocr.page + " / " + job.ocr.pages + " 页" : "";
          }
          var rows = document.getElementById("job-rows");
          rows.textContent = "";
          job.results.forEach(function (r) {
            var tr = document.createElement("tr");
            tr.className = "st-" + r.status;
            [r.path, labels[r.status] || r.status, r.documents, r.error].forEach(function (v) { tr.appendChild(cell(v)); });
            rows.appendChild(tr);
          });
          if (job.state === "running") { setTimeout(poll, 700); } else { location.reload(); }
        })
        .catch(function () { setTimeout(poll, 2000); });
    }
    poll();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("job");
    if (box && box.getAttribute("data-state") === "running") { followJob(box); }
    // 查重: the native file input speaks the browser's language; show the chosen name in Chinese.
    var file = document.getElementById("draft-file");
    var fileName = document.getElementById("draft-file-name");
    if (file && fileName) {
      file.addEventListener("change", function () {
        fileName.textContent = file.files.length ? "已选择：" + file.files[0].name : fileName.getAttribute("data-empty");
      });
    }
    // Outline: mark the link of the section in view as the reader jumps.
    document.querySelectorAll("#outline a.jump").forEach(function (a) {
      a.addEventListener("click", function () {
        document.querySelectorAll("#outline a.jump.here").forEach(function (x) { x.classList.remove("here"); });
        a.classList.add("here");
      });
    });
  });
})();
