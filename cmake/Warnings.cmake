# Our own targets build warning-free; third-party targets do not get these flags.
function(veldwijzer_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
endfunction()
