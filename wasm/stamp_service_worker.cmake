# cmake -P helper: writes web/sw.js from shell/sw.js with a build id made of
# the shipped files' hashes, so every new build gets its own cache name.
set(hashes "")
foreach(f app.js a11y.js app.wasm index.html manifest.webmanifest icon.svg)
  file(SHA256 "${WEB_DIR}/${f}" h)
  string(APPEND hashes "${h}")
endforeach()
string(SHA256 id "${hashes}")
string(SUBSTRING "${id}" 0 16 VELDWIJZER_BUILD_ID)
configure_file("${SOURCE}" "${WEB_DIR}/sw.js" @ONLY)
