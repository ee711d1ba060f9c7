# cl_target_warnings(target): the project's warning set (and -Werror with CL_WERROR).
function(cl_target_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wformat=2)
  # snprintf truncation into fixed buffers (labels, messages) is deliberate
  if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-format-truncation)
  endif()
  if(CL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
