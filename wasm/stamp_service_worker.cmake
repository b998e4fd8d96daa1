# cmake -P helper: writes web/sw.js from shell/sw.js with a build id made of
# the shipped files' hashes, so every new build gets its own cache name.
string(REPLACE "," ";" shell_files "${SHELL_FILES}")
set(hashes "")
foreach(f app.js app.wasm ${shell_files})
  file(SHA256 "${WEB_DIR}/${f}" h)
  string(APPEND hashes "${h}")
endforeach()
string(SHA256 id "${hashes}")
string(SUBSTRING "${id}" 0 16 VELDWIJZER_BUILD_ID)
configure_file("${SOURCE}" "${WEB_DIR}/sw.js" @ONLY)
