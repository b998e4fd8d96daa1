# veldwijzer_embed(<target> <symbol> <file>): compile <file>'s bytes into
# <target> as `extern const unsigned char <symbol>[]; extern const size_t <symbol>_size;`
# so the app starts offline with its font and tables, without a fetch.
function(veldwijzer_embed target symbol file)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded/${symbol}.cpp")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DIN=${file} -DOUT=${out} -DSYMBOL=${symbol} -P ${CMAKE_SOURCE_DIR}/cmake/embed_file.cmake
    DEPENDS "${file}" ${CMAKE_SOURCE_DIR}/cmake/embed_file.cmake
    COMMENT "Embedding ${symbol}")
  target_sources(${target} PRIVATE "${out}")
endfunction()
