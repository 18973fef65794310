/* spec_text.S: models/linkage.spec, embedded as NUL-terminated text (CMake passes -I models/). */
    .section .rodata
    .global lh_linkage_spec_text
    .type lh_linkage_spec_text, @object
lh_linkage_spec_text:
    .incbin "linkage.spec"
    .byte 0
    .section .note.GNU-stack,"",@progbits
