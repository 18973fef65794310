/* domain_lists.S: the e-mail domain lists of data/, embedded into the library as NUL-terminated
 * text so that the program needs no data files at run time. CMake passes -I to data/. */
    .section .rodata
    .global lh_disposable_domains_text
    .type lh_disposable_domains_text, @object
lh_disposable_domains_text:
    .incbin "disposable_domains.txt"
    .byte 0
    .global lh_freemail_domains_text
    .type lh_freemail_domains_text, @object
lh_freemail_domains_text:
    .incbin "freemail_domains.txt"
    .byte 0
    .section .note.GNU-stack,"",@progbits
