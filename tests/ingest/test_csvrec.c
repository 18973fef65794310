/* Tests of the record reader: what real exports contain, rejects with their places, resync,
 * limits, and independence from the read size. */
#include "ingest/csvrec.h"
#include "support/test_support.h"
#include "util/strbuf.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Reads path completely; the first record is the header and sets the width. Each record
 * becomes one line of the result: "line@offset:f1|f2|..." or "line@offset!reason". */
static char *read_all(const char *path, size_t max_field, size_t read_size)
{
    lh_error err;
    lh_error_clear(&err);
    byte_source *src;
    cr_assert_eq(byte_source_open(&src, path, &err), LH_OK, "%s", err.message);
    csv_limits lim = {max_field, read_size};
    csv_reader *r = csv_reader_new(src, &lim);
    strbuf out;
    strbuf_init(&out, 1u << 26);
    csv_record rec;
    int first = 1, got;
    while ((got = csv_reader_next(r, &rec, &err)) > 0) {
        strbuf_printf(&out, "%llu@%llu", (unsigned long long)rec.line,
                      (unsigned long long)rec.offset);
        if (rec.reason != REJECT_NONE) {
            strbuf_printf(&out, "!%s\n", reject_reason_name(rec.reason));
            continue;
        }
        strbuf_putc(&out, ':');
        for (size_t i = 0; i < rec.n_fields; i++) {
            if (i)
                strbuf_putc(&out, '|');
            strbuf_append(&out, rec.field[i], rec.len[i]);
        }
        strbuf_putc(&out, '\n');
        if (first)
            csv_reader_set_width(r, rec.n_fields);
        first = 0;
    }
    cr_assert_eq(got, 0, "read error: %s", err.message);
    csv_reader_free(r);
    byte_source_close(src);
    char *s = strdup(strbuf_cstr(&out));
    strbuf_free(&out);
    return s;
}

static char *read_text(const char *text, size_t len, size_t max_field, size_t read_size)
{
    char *dir = tmp_dir_new();
    char *path = tmp_write(dir, "in.csv", text, len);
    char *s = read_all(path, max_field, read_size);
    free(path);
    tmp_remove_tree(dir);
    free(dir);
    return s;
}

#define READ(text) read_text((text), sizeof(text) - 1, 0, 0)

Test(csvrec, plain_rows_with_lines_and_offsets)
{
    char *s = READ("a,b\n1,2\n3,4\n");
    cr_expect_str_eq(s, "1@0:a|b\n2@4:1|2\n3@8:3|4\n");
    free(s);
}

Test(csvrec, byte_order_mark_crlf_and_missing_last_newline)
{
    char *s = READ("\xEF\xBB\xBF"
                   "a,b\r\n1,2\r\n3,4");
    cr_expect_str_eq(s, "1@3:a|b\n2@8:1|2\n3@13:3|4\n");
    free(s);
}

Test(csvrec, quoted_commas_doubled_quotes_and_newlines)
{
    char *s = READ("id,text\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,x\n");
    cr_expect_str_eq(s,
                     "1@0:id|text\n2@8:1|a, b\n3@17:2|say \"hi\"\n4@32:3|two\nlines\n6@46:4|x\n");
    free(s);
}

Test(csvrec, space_after_comma_as_in_febrl)
{
    char *s = READ("rec_id, given_name, surname\nrec-1-org, , waller\nrec-2-org, lachlan, berry\n");
    cr_expect_str_eq(s, "1@0:rec_id|given_name|surname\n2@28:rec-1-org||waller\n"
                        "3@48:rec-2-org|lachlan|berry\n");
    free(s);
}

/* A spreadsheet set to a locale with a decimal comma exports with semicolons, and some systems
 * export tab- or bar-separated files: the first line that is not blank chooses, at any read
 * size. A comma in that line outside quotes keeps the comma, whatever else the line holds.
 * Excel's directive line "sep=;" names the delimiter and is no record. */
Test(csvrec, the_first_line_chooses_semicolons_tabs_or_bars)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"id;name;amount\n1;\"Lee, Ann\";12,50\n", "1@0:id|name|amount\n2@15:1|Lee, Ann|12,50\n"},
        {"\xEF\xBB\xBFid;name\r\n1;Bo\r\n", "1@3:id|name\n2@12:1|Bo\n"},
        {"id\tname\tcity\n1\t\t Oslo \n", "1@0:id|name|city\n2@13:1||Oslo\n"},
        {"id|name\n1|Bo\n", "1@0:id|name\n2@8:1|Bo\n"},
        {"id,note\n1,a;b;c\n", "1@0:id|note\n2@8:1|a;b;c\n"},
        {"\"id;x\",name\n1,Bo\n", "1@0:id;x|name\n2@12:1|Bo\n"},
        {"\"a,b\";c\n1;2\n", "1@0:a,b|c\n2@8:1|2\n"},
        {"id\n1\n", "1@0:id\n2@3:1\n"},
        {"\n  \r\nid;name\n1;Bo\n", "3@5:id|name\n4@13:1|Bo\n"},
        {"sep=;\r\nid,x;y\r\n1,2;3\r\n", "2@7:id,x|y\n3@15:1,2|3\n"},
        {"\xEF\xBB\xBFSEP=|\nid|n\n1|2\n", "2@9:id|n\n3@14:1|2\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (size_t rs = 0; rs <= 5; rs++) {
            char *s = read_text(cases[i].text, strlen(cases[i].text), 0, rs);
            cr_expect_str_eq(s, cases[i].want, "case %zu, read size %zu: [%s]", i, rs, s);
            free(s);
        }
}

Test(csvrec, empty_and_blank_lines_are_skipped_but_counted)
{
    char *s = READ("a,b\n\n1,2\n   \n\r\n3,4\n\n");
    cr_expect_str_eq(s, "1@0:a|b\n3@5:1|2\n6@15:3|4\n");
    free(s);
}

Test(csvrec, lone_carriage_returns_end_lines)
{
    char *s = READ("a,b\r1,2\r3,4\r");
    cr_expect_str_eq(s, "1@0:a|b\n2@4:1|2\n3@8:3|4\n");
    free(s);
}

Test(csvrec, wrong_field_count_rejects_one_row)
{
    char *s = READ("a,b\n1,2,3\n4\n5,6\n");
    cr_expect_str_eq(s, "1@0:a|b\n2@4!field_count\n3@10!field_count\n4@12:5|6\n");
    free(s);
}

Test(csvrec, stray_quote_rejects_and_resyncs_at_next_line)
{
    char *s = READ("a,b\n1,x\"y\n2,\"ok\"z\n3,4\n");
    cr_expect_str_eq(s, "1@0:a|b\n2@4!quote\n3@10!quote\n4@18:3|4\n");
    free(s);
}

Test(csvrec, unterminated_quote_at_end_costs_one_row)
{
    /* The open quote on line 2 would swallow lines 3 and 4; they are read again. */
    char *s = READ("a,b\n1,\"open\n2,3\n4,5\n");
    cr_expect_str_eq(s, "1@0:a|b\n2@4!unterminated_quote\n3@12:2|3\n4@16:4|5\n");
    free(s);
}

/* Exports that end every row with a delimiter: when the first row does, one empty field past
 * the header's width is dropped; a second one, or a value there, is a field_count reject; in a
 * file whose first row does not, a row with a trailing delimiter is a field_count reject. */
Test(csvrec, a_trailing_delimiter_is_one_empty_field_too_many)
{
    static const char text[] = "a,b\n1,2,\n3,4\n5,6,x\n7,8,,\n9,\"\",\n";
    const char *want = "1@0:a|b\n2@4:1|2\n3@9:3|4\n4@13!field_count\n5@19!field_count\n6@25:9|\n";
    for (size_t rs = 1; rs <= 7; rs += 3) {
        char *s = read_text(text, sizeof text - 1, 0, rs);
        cr_expect_str_eq(s, want, "read size %zu", rs);
        free(s);
    }
    char *s = READ("a,b\n1,2\n3,4,\n");
    cr_expect_str_eq(s, "1@0:a|b\n2@4:1|2\n3@8!field_count\n");
    free(s);
}

Test(csvrec, invalid_utf8_and_nul_bytes)
{
    static const char text[] = "a,b\n1,\xff\xfe\n2,x\0y\n3,\xc3\xa9\n4,\xed\xa0\x80\n";
    char *s = read_text(text, sizeof text - 1, 0, 0);
    cr_expect_str_eq(
        s, "1@0:a|b\n2@4!invalid_utf8\n3@9!nul_byte\n4@15:3|\xc3\xa9\n5@20!invalid_utf8\n");
    free(s);
    /* a delimiter of 0x80 or more (named by a "sep=" line) can split a valid line into
       invalid fields: each is checked */
    static const char high[] = "sep=\xc3\na\xc3\x62\n1\xc3\xa9x\n2\xc3ok\n";
    for (size_t rs = 0; rs <= 5; rs++) {
        s = read_text(high, sizeof high - 1, 0, rs);
        cr_expect_str_eq(s, "2@6:a|b\n3@10!invalid_utf8\n4@15:2|ok\n", "read size %zu", rs);
        free(s);
    }
}

/* The byte checks are skipped for records whose bytes are all ASCII without NUL: a record whose
 * first line is clean and whose later line is not must still be checked, at every read size. */
Test(csvrec, a_bad_byte_on_a_later_line_of_a_record_is_found)
{
    static const char text[] = "a,b\n1,\"clean\nx\0y\"\n2,\"clean\n\xff\"\n"
                               "3,\"clean\n\xc3\xa9\"\n4,ok\n";
    const char *want = "1@0:a|b\n2@4!nul_byte\n4@18!invalid_utf8\n6@30:3|clean\n\xc3\xa9\n"
                       "8@43:4|ok\n";
    for (size_t chunk = 1; chunk <= sizeof text - 1; chunk++) {
        char *s = read_text(text, sizeof text - 1, 0, chunk);
        cr_expect_str_eq(s, want, "read size %zu", chunk);
        free(s);
    }
}

Test(csvrec, excerpt_escapes_control_and_invalid_bytes)
{
    char out[CSV_EXCERPT_MAX * 4 + 1];
    csv_excerpt("ab\x01\xff"
                "c\xc3\xa9"
                "d\nrest",
                12, CSV_EXCERPT_MAX, out);
    cr_expect_str_eq(out, "ab\\x01\\xffc\xc3\xa9"
                          "d");
    char longer[200];
    memset(longer, 'x', sizeof longer);
    csv_excerpt(longer, sizeof longer, CSV_EXCERPT_MAX, out);
    cr_expect_eq(strlen(out), CSV_EXCERPT_MAX);
}

/* A file whose second row has one field of `n` bytes, quoted or not, followed by a good row. */
static char *field_file(size_t n, int quoted, size_t *len)
{
    size_t cap = n + 64;
    char *t = malloc(cap);
    size_t o = (size_t)sprintf(t, "a,b\n1,");
    if (quoted)
        t[o++] = '"';
    memset(t + o, 'x', n);
    o += n;
    if (quoted)
        t[o++] = '"';
    o += (size_t)sprintf(t + o, "\n2,3\n");
    *len = o;
    return t;
}

Test(csvrec, field_size_limit_at_minus_one_limit_and_plus_one)
{
    const size_t limit = 1000;
    for (int quoted = 0; quoted <= 1; quoted++) {
        for (size_t n = limit - 1; n <= limit + 1; n++) {
            size_t len;
            char *t = field_file(n, quoted, &len);
            char *s = read_text(t, len, limit, 0);
            int accepted = strstr(s, "2@4:1|") != NULL;
            cr_expect_eq(accepted, n <= limit, "field of %zu bytes (quoted %d), limit %zu: %s", n,
                         quoted, limit, s);
            cr_expect(strstr(s, n <= limit ? "3@" : "2@4!field_too_long") != NULL, "%s", s);
            cr_expect(strstr(s, ":2|3\n") != NULL, "row after the long field is kept");
            free(s);
            free(t);
        }
    }
}

Test(csvrec, default_field_limit_is_64_kib)
{
    for (size_t n = CSV_DEFAULT_MAX_FIELD - 1; n <= CSV_DEFAULT_MAX_FIELD + 1; n++) {
        size_t len;
        char *t = field_file(n, 0, &len);
        char *s = read_text(t, len, 0, 0);
        cr_expect_eq(strstr(s, "!field_too_long") == NULL, n <= CSV_DEFAULT_MAX_FIELD,
                     "field of %zu bytes", n);
        free(s);
        free(t);
    }
}

Test(csvrec, huge_line_is_rejected_in_bounded_memory)
{
    /* 3 MB in one unquoted field with a 1 KiB limit: the window never holds it all. */
    size_t n = 3u << 20, len;
    char *t = field_file(n, 0, &len);
    char *s = read_text(t, len, 1024, 4096);
    cr_expect_str_eq(s, "1@0:a|b\n2@4!field_too_long\n3@3145735:2|3\n");
    free(s);
    free(t);
}

Test(csvrec, runaway_quote_mid_file_is_one_reject)
{
    /* A quote opened on line 2 and never closed, followed by more than the record limit. */
    strbuf b;
    strbuf_init(&b, 1u << 24);
    strbuf_puts(&b, "a,b\n1,\"never closed\n");
    for (int i = 0; i < 2000; i++)
        strbuf_printf(&b, "%d,row\n", i + 10);
    char *s = read_text(b.data, b.len, 256, 0);
    cr_expect(strncmp(s, "1@0:a|b\n2@4!unterminated_quote\n3@", 33) == 0, "%.*s", 80, s);
    cr_expect(strstr(s, ":2009|row\n") != NULL, "the last row is read");
    free(s);
    strbuf_free(&b);
}

/* The tricky file of the chunk-size test: BOM, CRLF and LF, quoted commas, quotes and line
 * breaks, spaces after commas, blank lines, rejects of several kinds, no final newline. */
static const char tricky[] = "\xEF\xBB\xBF"
                             "id, name ,note\r\n"
                             "1, \"Yamada, Taro\" ,\"said \"\"hi\"\"\"\r\n"
                             "\r\n"
                             "2,\"multi\nline\r\nnote\",x\n"
                             "3,bad\"quote,y\n"
                             "4,\xe5\xb1\xb1\xe7\x94\xb0,\"\"\n"
                             "5,too,many,fields\n"
                             "   \n"
                             "6,\xc3\x28,z\n"
                             "7,last,\"no newline\"";

Test(csvrec, every_chunk_size_gives_the_same_records)
{
    size_t n = sizeof tricky - 1;
    char *dir = tmp_dir_new();
    char *path = tmp_write(dir, "tricky.csv", tricky, n);
    char *expect = read_all(path, 0, n);
    cr_assert_str_eq(expect, "1@3:id|name|note\n"
                             "2@19:1|Yamada, Taro|said \"hi\"\n"
                             "4@55:2|multi\nline\r\nnote|x\n"
                             "7@78!quote\n"
                             "8@92:4|\xe5\xb1\xb1\xe7\x94\xb0|\n"
                             "9@104!field_count\n"
                             "11@126!invalid_utf8\n"
                             "12@133:7|last|no newline\n");
    for (size_t chunk = 1; chunk <= n; chunk++) {
        char *got = read_all(path, 0, chunk);
        cr_assert_str_eq(got, expect, "read size %zu", chunk);
        free(got);
    }
    free(expect);
    free(path);
    tmp_remove_tree(dir);
    free(dir);
}

Test(csvrec, gzip_is_recognised_by_content_not_name)
{
    char *dir = tmp_dir_new();
    static const char text[] = "a,b\n1,2\n3,4\n";
    /* two concatenated gzip members, in a file named .csv */
    char path[4200];
    snprintf(path, sizeof path, "%s/looks-plain.csv", dir);
    for (int part = 0; part < 2; part++) {
        gzFile g = gzopen(path, part ? "ab" : "wb");
        cr_assert_not_null(g);
        if (part == 0)
            gzwrite(g, text, 8);
        else
            gzwrite(g, text + 8, sizeof text - 1 - 8);
        gzclose(g);
    }
    char *s = read_all(path, 0, 0);
    cr_expect_str_eq(s, "1@0:a|b\n2@4:1|2\n3@8:3|4\n");
    free(s);

    /* a truncated gzip file is an input error, not a short read */
    size_t len;
    char *gz = slurp(path, &len);
    char *cut = tmp_write(dir, "cut.gz", gz, len - 12);
    lh_error err;
    lh_error_clear(&err);
    byte_source *src;
    cr_assert_eq(byte_source_open(&src, cut, &err), LH_OK);
    char buf[64];
    ssize_t n;
    while ((n = byte_source_read(src, buf, sizeof buf, &err)) > 0)
        ;
    cr_expect_eq(n, -1);
    cr_expect_eq(err.code, LH_ENOINPUT);
    byte_source_close(src);
    free(cut);
    free(gz);
    tmp_remove_tree(dir);
    free(dir);
}

Test(csvrec, sha256_covers_the_raw_file)
{
    char *dir = tmp_dir_new();
    char *path = tmp_write_str(dir, "x.csv", "abc");
    lh_error err;
    lh_error_clear(&err);
    byte_source *src;
    cr_assert_eq(byte_source_open(&src, path, &err), LH_OK);
    char buf[8];
    while (byte_source_read(src, buf, sizeof buf, &err) > 0)
        ;
    char hex[65];
    byte_source_sha256(src, hex);
    cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    byte_source_close(src);
    free(path);
    tmp_remove_tree(dir);
    free(dir);
}

/* The records of `text` under `max_field`-byte fields are `expect` at the default read size and
 * at every read size from 1 to 64. */
static void expect_records_for_read_sizes_1_to_64(const char *text, size_t len, size_t max_field,
                                                  const char *expect)
{
    char *base = read_text(text, len, max_field, 0);
    cr_assert_str_eq(base, expect);
    for (size_t rs = 1; rs <= 64; rs++) {
        char *got = read_text(text, len, max_field, rs);
        cr_expect_str_eq(got, base, "read size %zu", rs);
        free(got);
    }
    free(base);
}

Test(csvrec, lone_cr_at_the_window_edge_after_a_long_line_costs_one_row)
{
    /* Old Mac line ends (CR alone) and a rejected line longer than the record limit (8-byte
     * fields: 128 bytes): for some read size the line's CR is the last byte of the window, and
     * resynchronising past it used to swallow the next line without a reject. */
    strbuf b;
    strbuf_init(&b, 1u << 16);
    strbuf_puts(&b, "a,b\r1,");
    for (int i = 0; i < 141; i++)
        strbuf_putc(&b, 'x');
    strbuf_puts(&b, "\r2,3\r4,5\r");
    expect_records_for_read_sizes_1_to_64(b.data, b.len, 8,
                                          "1@0:a|b\n2@4!field_too_long\n3@148:2|3\n4@152:4|5\n");
    strbuf_free(&b);
}

Test(csvrec, a_blank_line_longer_than_the_record_limit_is_rejected_for_every_read_size)
{
    /* Found by replaying the map corpus through fuzz_csv: 129 spaces under 8-byte fields
     * (record limit 128) were a blank line when the window showed the line's end (large reads)
     * and a record too long when it did not (read size 1). Blank lines are now skipped up to
     * the record limit only; a longer one is a reject whatever the read size. */
    strbuf b;
    strbuf_init(&b, 1u << 16);
    strbuf_puts(&b, "a,b\r\r");
    for (int i = 0; i < 100; i++)
        strbuf_putc(&b, ' ');
    strbuf_puts(&b, "\r");
    for (int i = 0; i < 129; i++)
        strbuf_putc(&b, ' ');
    strbuf_puts(&b, "\r\r,x\r");
    expect_records_for_read_sizes_1_to_64(b.data, b.len, 8,
                                          "1@0:a|b\n4@106!record_too_long\n6@237:|x\n");
    strbuf_free(&b);
}

/* ---- a header below a preamble (csv_reader_find_header) ---- */

/* A header test for the reader's tests: a field named id, email, name or phone is a known
 * column; the first line is usable with one, a line below it with two. */
static int test_header(void *ctx, const char *const *field, const size_t *len, size_t n, int below)
{
    static const char *const known[] = {"id", "email", "name", "phone"};
    size_t hits = 0;
    (*(int *)ctx)++;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < sizeof known / sizeof *known; k++)
            hits += len[i] == strlen(known[k]) && strcmp(field[i], known[k]) == 0;
    return hits >= (below ? 2u : 1u);
}

/* Reads text as read_all does, with test_header, and appends "preamble=N". */
static char *read_with_header_test(const char *text, size_t n, size_t max_field, size_t read_size)
{
    char *dir = tmp_dir_new();
    char *path = tmp_write(dir, "in.csv", text, n);
    lh_error err;
    lh_error_clear(&err);
    byte_source *src;
    cr_assert_eq(byte_source_open(&src, path, &err), LH_OK, "%s", err.message);
    csv_limits lim = {max_field, read_size};
    csv_reader *r = csv_reader_new(src, &lim);
    int tests = 0;
    csv_reader_find_header(r, test_header, &tests);
    strbuf out;
    strbuf_init(&out, 1u << 20);
    csv_record rec;
    int first = 1, got;
    while ((got = csv_reader_next(r, &rec, &err)) > 0) {
        strbuf_printf(&out, "%llu@%llu", (unsigned long long)rec.line,
                      (unsigned long long)rec.offset);
        if (rec.reason != REJECT_NONE) {
            strbuf_printf(&out, "!%s\n", reject_reason_name(rec.reason));
            continue;
        }
        strbuf_putc(&out, ':');
        for (size_t i = 0; i < rec.n_fields; i++)
            strbuf_printf(&out, "%s%.*s", i ? "|" : "", (int)rec.len[i], rec.field[i]);
        strbuf_putc(&out, '\n');
        if (first)
            csv_reader_set_width(r, rec.n_fields);
        first = 0;
    }
    cr_assert_eq(got, 0, "read error: %s", err.message);
    strbuf_printf(&out, "preamble=%llu", (unsigned long long)csv_reader_preamble_lines(r));
    csv_reader_free(r);
    byte_source_close(src);
    char *s = strdup(strbuf_cstr(&out));
    strbuf_free(&out);
    free(path);
    tmp_remove_tree(dir);
    free(dir);
    return s;
}

/* Billing systems and spreadsheets write a title, a blank line, "Exported by: ...", a line of
 * '=' or a key,value pair above the header. Those lines are skipped, not rejected; lines and
 * offsets stay the file's; the header's own line chooses the delimiter (a title with commas
 * in prose over a semicolon file, one with a semicolon over a comma file); at every read
 * size. */
Test(csvrec, lines_above_a_header_are_skipped_with_the_files_line_numbers)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"Lease export generated 2026-11-01 by BillingPro\n\nid,email\n1,a@b\n2,c@d\n",
         "3@49:id|email\n4@58:1|a@b\n5@64:2|c@d\npreamble=2"},
        {"Orders, all regions, 2026\nid;email;name\n1;a@b;Bo, Li\n",
         "2@26:id|email|name\n3@40:1|a@b|Bo, Li\npreamble=1"},
        {"Report; monthly\nid,email\n1,a;b\n", "2@16:id|email\n3@25:1|a;b\npreamble=1"},
        {"Lease export,,\nExported by: ops@x,,\nid,email,name\n1,a,b\n",
         "3@36:id|email|name\n4@50:1|a|b\npreamble=2"},
        {"\xEF\xBB\xBF"
         "Report: All orders\r\n==========\r\nEmail,ops@x\r\n\r\nid,email\r\n1,a\r\n",
         "5@50:id|email\n6@60:1|a\npreamble=4"},
        {"sep=;\nLease export\nid;email\n1;a,b\n", "3@19:id|email\n4@28:1|a,b\npreamble=1"},
        {"Report \"Q4\" of all orders\nid,email\n1,a\n", "2@26:id|email\n3@35:1|a\npreamble=1"},
        {"Title\nid,email\n1,a,\n2,b,\n", "2@6:id|email\n3@15:1|a\n4@20:2|b\npreamble=1"},
        {"Title\nid,email\n1,a\n2,\"x\ny\"\n3,c\n",
         "2@6:id|email\n3@15:1|a\n4@19:2|x\ny\n6@27:3|c\npreamble=1"},
        {"Title\n\nid\tname\tphone\n1\tBo\t+1\n", "3@7:id|name|phone\n4@21:1|Bo|+1\npreamble=2"},
        {"Title\nid,email\n", "2@6:id|email\npreamble=1"},
        {"email,ops@x\nPeriod,2026-10\nid,email,name\n1,a,b\n2,c,d\n",
         "3@27:id|email|name\n4@41:1|a|b\n5@47:2|c|d\npreamble=2"},
        /* rows of Excel's forced text, which strict parsing refuses, still fit the header, as
           the reader reads them: a delimiter inside ="..." is text */
        {"Report,,\nid,email,phone\n=\"01\",a,=\"+1 2\"\n=\"02\",b,\n",
         "2@9:id|email|phone\n3@24:01|a|+1 2\n4@40:02|b|\npreamble=1"},
        {"Lease export\nid,email,phone\n=\"1\",a,=\"x, y\"\n=\"2\",b,=\"z, w\"\n",
         "2@13:id|email|phone\n3@28:1|a|x, y\n4@43:2|b|z, w\npreamble=1"},
        /* key,value lines whose first key names a column: a wider header below wins */
        {"email,ops@x\nPeriod,2026-10\nRegion,EU\nCurrency,EUR\n\nid,email,name\n1,a,b\n2,c,d\n",
         "6@51:id|email|name\n7@65:1|a|b\n8@71:2|c|d\npreamble=5"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (size_t rs = 0; rs <= 9; rs++) {
            char *s = read_with_header_test(cases[i].text, strlen(cases[i].text), 0, rs);
            cr_expect_str_eq(s, cases[i].want, "case %zu, read size %zu: [%s]", i, rs, s);
            free(s);
        }
}

/* The search is conservative: a usable first line is the header even when a line below looks
 * like one; a line below is only taken when the rows after it have its width; not past
 * CSV_PREAMBLE_MAX_LINES lines; not below a first line that is a header over several lines;
 * never when the test is not asked for. Each file then reads as it always did. */
Test(csvrec, a_header_is_not_looked_for_below_a_usable_or_unclear_first_line)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"id,email,odd column\nname,phone,x\n1,2,3\n",
         "1@0:id|email|odd column\n2@20:name|phone|x\n3@33:1|2|3\npreamble=0"},
        {"x,y\n1,2\n", "1@0:x|y\n2@4:1|2\npreamble=0"},
        {"email,odd\n1,2\nid,email,name\n3,4\n",
         "1@0:email|odd\n2@10:1|2\n3@14!field_count\n4@28:3|4\npreamble=0"},
        {"id,email,x\n1,2\nid,email,name\n1,2,3\n4,5,6\n",
         "1@0:id|email|x\n2@11!field_count\n3@15:id|email|name\n4@29:1|2|3\n5@35:4|5|6\n"
         "preamble=0"},
        {"Title\nid,email\n1,2,3\n4,5,6\n",
         "1@0:Title\n2@6!field_count\n3@15!field_count\n4@21!field_count\npreamble=0"},
        {"Title\nid,email\n1,2,3\n4,5\n6,7,8\n",
         "1@0:Title\n2@6!field_count\n3@15!field_count\n4@21!field_count\n5@25!field_count\n"
         "preamble=0"},
        {"\"multi\nline\",x\nid,email\n1,2\n",
         "1@0:multi\nline|x\n3@15:id|email\n4@24:1|2\npreamble=0"},
        {"Title\nid,email\n1,a\"b\n2,c\"d\n3,e\n",
         "1@0:Title\n2@6!field_count\n3@15!quote\n4@21!quote\n5@27!field_count\npreamble=0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (size_t rs = 0; rs <= 7; rs++) {
            char *s = read_with_header_test(cases[i].text, strlen(cases[i].text), 0, rs);
            cr_expect_str_eq(s, cases[i].want, "case %zu, read size %zu: [%s]", i, rs, s);
            free(s);
        }

    /* 20 lines above a header are skipped, 21 are not */
    for (int lines = 20; lines <= 21; lines++) {
        strbuf b;
        strbuf_init(&b, 1u << 16);
        for (int k = 0; k < lines; k++)
            strbuf_printf(&b, "note %d\n", k);
        strbuf_puts(&b, "id,email\n1,2\n");
        char *s = read_with_header_test(b.data, b.len, 0, 0);
        cr_expect_eq(strstr(s, lines == 20 ? "preamble=20" : "preamble=0") != NULL, 1,
                     "%d lines: %s", lines, s);
        free(s);
        strbuf_free(&b);
    }

    /* under 8-byte fields the search looks at the first 126 bytes only, at every read size */
    static const char small[] = "T\nid,email\n1,2\n";
    strbuf b;
    strbuf_init(&b, 1u << 16);
    for (int k = 0; k < 120; k++)
        strbuf_putc(&b, 'x');
    strbuf_puts(&b, "\nid,email\n1,2\n");
    for (size_t rs = 0; rs <= 16; rs++) {
        char *t = read_with_header_test(small, sizeof small - 1, 8, rs);
        cr_expect_str_eq(t, "2@2:id|email\n3@11:1|2\npreamble=1", "read size %zu", rs);
        free(t);
        t = read_with_header_test(b.data, b.len, 8, rs);
        cr_expect_str_eq(t, "1@0!field_too_long\n2@121:id|email\n3@130:1|2\npreamble=0",
                         "read size %zu: [%s]", rs, t);
        free(t);
    }
    strbuf_free(&b);

    /* without csv_reader_find_header, a title is the header as before */
    char *s = READ("Title\n\nid,email\n1,2\n");
    cr_expect_str_eq(s, "1@0:Title\n3@7!field_count\n4@16!field_count\n");
    free(s);
}

/* ---- Excel's forced text ---- */

/* Excel and billing exports write a value that must stay text (leading zeros, long digits) as
 * ="0123", unquoted, or quoted as "=""0123""": either reads as the text inside, its doubled
 * quotes single, with any delimiter, line end, blanks around it, other fields quoted over
 * several lines, at every read size. */
Test(csvrec, excel_forced_text_reads_as_the_text_inside)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"id,phone,zip\n=\"0123\",=\"0901234567\",\"=\"\"01234\"\"\"\n",
         "1@0:id|phone|zip\n2@13:0123|0901234567|01234\n"},
        {"a,b\n=\"x\"\"y\",\"=\"\"x\"\"\"\"y\"\"\"\n", "1@0:a|b\n2@4:x\"y|x\"y\n"},
        {"a,b,c\n=\"\",\"=\"\"\"\"\",x\n", "1@0:a|b|c\n2@6:||x\n"},
        {"a,b,c\n =\"7\" ,\t=\"8\",9\r\n", "1@0:a|b|c\n2@6:7|8|9\n"},
        {"a;b\n=\"0123\";=\"1,5\"\n", "1@0:a|b\n2@4:0123|1,5\n"},
        {"a\tb\n=\"0123\"\t=\"4\"\n", "1@0:a|b\n2@4:0123|4\n"},
        {"a,b\n=\"1\",=\"2\",\n3,4,\n", "1@0:a|b\n2@4:1|2\n3@15:3|4\n"},
        {"a,b,c\n=\"1\",\"two\nlines\",=\"3\"\n4,5,6\n",
         "1@0:a|b|c\n2@6:1|two\nlines|3\n4@28:4|5|6\n"},
        {"a,b,c\n1,\"two\nlines\",=\"3\"\n", "1@0:a|b|c\n2@6:1|two\nlines|3\n"},
        {"a,b\n1,=\"0123\"", "1@0:a|b\n2@4:1|0123\n"},
        {"a,b\n=SUM(1),\"=\"\"9\"\"x\"\n", "1@0:a|b\n2@4:=SUM(1)|=\"9\"x\n"},
        {"=\"id\",b\n1,2\n", "1@0:id|b\n2@8:1|2\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (size_t rs = 0; rs <= 16; rs++) {
            char *s = read_text(cases[i].text, strlen(cases[i].text), 0, rs);
            cr_expect_str_eq(s, cases[i].want, "case %zu, read size %zu: [%s]", i, rs, s);
            free(s);
        }
}

/* Only a whole field of that form: a stray quote elsewhere in the record, text after the
 * closing quote, a formula with quotes, or a ="..." over two lines is still a quote reject. */
Test(csvrec, a_stray_quote_beside_forced_text_is_still_a_quote_reject)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"a,b\n1,x\"y\n2,3\n", "1@0:a|b\n2@4!quote\n3@10:2|3\n"},
        {"a,b\n1,=\"12\"3\n2,3\n", "1@0:a|b\n2@4!quote\n3@13:2|3\n"},
        {"a,b\n=\"7\" x,1\n2,3\n", "1@0:a|b\n2@4!quote\n3@13:2|3\n"},
        {"a,b\n=HYPERLINK(\"x\"),1\n2,3\n", "1@0:a|b\n2@4!quote\n3@22:2|3\n"},
        {"a,b\n=\"1\",x\"y\n2,3\n", "1@0:a|b\n2@4!quote\n3@13:2|3\n"},
        {"a,b\nx\"y,=\"1\"\n2,3\n", "1@0:a|b\n2@4!quote\n3@13:2|3\n"},
        {"a,b\n=\"1\",\"open\n=\"2\"\n2,3\n", "1@0:a|b\n2@4!quote\n3@15!field_count\n4@20:2|3\n"},
        {"a,b\n=\"m\nn\",1\n2,3\n", "1@0:a|b\n2@4!quote\n3@8!quote\n4@13:2|3\n"},
        {"a,b\n=\"1\" =\"2\",3\n4,5\n", "1@0:a|b\n2@4!quote\n3@16:4|5\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (size_t rs = 0; rs <= 16; rs++) {
            char *s = read_text(cases[i].text, strlen(cases[i].text), 0, rs);
            cr_expect_str_eq(s, cases[i].want, "case %zu, read size %zu: [%s]", i, rs, s);
            free(s);
        }
}
