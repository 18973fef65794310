#include "link/spec.h"

#include <criterion/criterion.h>
#include <string.h>

/* *s from spec text that must parse (origin "t"). */
static void parse_ok(link_spec *s, const char *text)
{
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(link_spec_parse(s, text, "t", &err), LH_OK, "%s", err.message);
}

/* *s, the built-in spec. */
static void load_builtin(link_spec *s)
{
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(link_spec_load(s, NULL, &err), LH_OK, "%s", err.message);
}

Test(spec, the_built_in_spec_parses)
{
    link_spec s;
    load_builtin(&s);
    cr_expect(s.n_field >= 8);
    cr_expect(s.n_rule >= 8);
    cr_expect(s.threshold > 0.5 && s.threshold < 1);
    int keys = 0;
    for (int f = 0; f < s.n_field; f++)
        keys += s.field[f].key;
    cr_expect(keys >= 5, "cards, devices, phones, mailboxes and accounts are identifiers");
}

Test(spec, fields_blocks_and_settings)
{
    link_spec s;
    const char *text = "version 1\n"
                       "# a comment\n"
                       "field cust   exact customer_no key tenants  # trailing comment\n"
                       "field addr   jaro_winkler address tf 0.95 0.8\n"
                       "field net    ip signup_ip,ip_prefix tf network\n"
                       "field where  place address,postcode,city tf\n"
                       "field org    exact org_domain,ip_prefix key tenants members agree_only\n"
                       "block customer_no\n"
                       "block address+postcode\n"
                       "threshold 0.95\nprior 1e-6\nkey_u 1e-12\novershare_min 4\n";
    parse_ok(&s, text);
    cr_expect_eq(s.n_field, 5);
    cr_expect_eq(s.field[0].key, 1);
    cr_expect_eq(s.field[0].tenants, 1);
    cr_expect_eq(s.field[1].tenants, 0);
    cr_expect_eq(s.field[1].n_levels, 4);
    cr_expect(s.field[1].threshold[0] == 0.95 && s.field[1].threshold[1] == 0.8);
    cr_expect_eq(s.field[2].method, CMP_IP);
    cr_expect_str_eq(s.field[2].column2, "ip_prefix");
    cr_expect_eq(s.field[2].network, 1);
    cr_expect_eq(s.field[3].n_levels, 5);
    cr_expect_eq(s.field[4].members, 1);
    cr_expect_eq(s.field[4].agree_only, 1);
    cr_expect_str_eq(s.field[4].column2, "ip_prefix");
    cr_expect_eq(s.field[0].members + s.field[0].agree_only, 0);
    cr_expect_eq(s.rule[1].n_col, 2);
    cr_expect_eq(s.threshold, 0.95);
    cr_expect_eq(s.prior, 1e-6);
    cr_expect_eq(s.key_u, 1e-12);
    cr_expect_eq(s.key_rate_given, 0);
    const char *cols[16];
    size_t n = link_spec_columns(&s, cols, 16);
    cr_expect_eq(n, 7, "customer_no address signup_ip ip_prefix postcode city org_domain");
}

/* A rule's own window N compares its blocks of more than 2N + 1 leases in windows of N; the
 * other rules take block_max and block_window, wherever in the spec those are set. */
Test(spec, a_rule_may_have_a_window_of_its_own)
{
    link_spec s;
    parse_ok(&s, "field a exact x\nfield b exact y\n"
                 "block x\nblock y   window 3   # a weak rule\nblock x+y\n"
                 "block_max 30\nblock_window 6\n");
    cr_assert_eq(s.n_rule, 3);
    cr_expect_eq(s.rule[1].window, 3);
    cr_expect_eq(s.rule[1].block_window, 3);
    cr_expect_eq(s.rule[1].block_max, 7);
    for (int r = 0; r < 3; r += 2) {
        cr_expect_eq(s.rule[r].window, 0, "rule %d", r);
        cr_expect_eq(s.rule[r].block_window, 6, "rule %d", r);
        cr_expect_eq(s.rule[r].block_max, 30, "rule %d", r);
    }
    cr_expect_eq(s.rule[2].n_col, 2);
    link_spec b;
    load_builtin(&b);
    int own = 0;
    for (int r = 0; r < b.n_rule; r++) {
        own += b.rule[r].window > 0;
        cr_expect_leq(b.rule[r].block_window, b.block_window, "rule %d", r);
        cr_expect_eq(b.rule[r].block_max, 2 * b.rule[r].block_window + 1, "rule %d", r);
    }
    cr_expect_eq(own, 2, "name+city and dob");
}

/* key_rate sets u of the identifiers as key_rate / (N - 1); key_u, a fixed u, is the other way
 * to set it (not both). */
Test(spec, key_rate_is_read_and_excludes_key_u)
{
    link_spec s;
    parse_ok(&s, "field a exact x key\nblock x\nkey_rate 3e-4\n");
    cr_expect_eq(s.key_rate, 3e-4);
    cr_expect_eq(s.key_rate_given, 1);
    cr_expect_eq(s.key_u, 0, "u from key_rate");
    parse_ok(&s, "field a exact x key\nblock x\n");
    cr_expect_eq(s.key_rate, 1e-5, "the default");
    cr_expect_eq(s.key_u, 0);
    link_spec b;
    load_builtin(&b);
    cr_expect(b.key_u == 0 && b.key_rate > 0, "the built-in spec sets u by key_rate");
}

Test(spec, errors_name_the_line)
{
    static const struct {
        const char *text;
        const char *needle;
    } bad[] = {
        {"field a exact x\nfield a exact y\nblock x\n", "t:2"},
        {"field a fuzzy x\nblock x\n", "unknown method"},
        {"field a exact x,y\nblock x\n", "takes 1 column"},
        {"field a ip x\nblock x\n", "takes 2 columns"},
        {"field a name x key\nblock x\n", "must use method exact"},
        {"field a exact x key persona\nblock x\n", "not both"},
        {"field a exact x tenants\nblock x\n", "tenants applies to an identifier"},
        {"field a exact x key members\nblock x\n", "exact with members takes 2 columns"},
        {"field a exact x,y members\nblock x\n", "members applies to an identifier"},
        {"field a ip x,y key members\nblock x\n", "members applies to method exact"},
        {"field a exact x,y key nat members\nblock x\n", "nat and members"},
        {"field a jaro_winkler x\nblock x\n", "thresholds"},
        {"field a jaro_winkler x 0.8 0.9\nblock x\n", "decrease"},
        {"field a exact x\n", "at least one"},
        {"field a exact x\nblock x\nthreshold 2\n", "threshold must be"},
        {"field a exact x\nblock x\nkey_u 1e-9\nkey_rate 1e-5\n", "exclude each other"},
        {"field a exact x\nblock x\nkey_rate 1e-5\nkey_u 1e-9\n", "t:4: key_u and key_rate"},
        {"field a exact x\nblock x\nkey_rate 0\n", "key_rate must be"},
        {"field a exact x\nblock x\nwhatever 3\n", "unknown statement"},
        {"field a exact x bogus\nblock x\n", "unknown field option"},
        {"field a-b exact x\nblock x\n", "bad field name"},
        {"field a exact x\nblock x window 0\n", "window must be an integer"},
        {"field a exact x\nblock x window 2.5\n", "window must be an integer"},
        {"field a exact x\nblock x window\n", "block COLUMN[+COLUMN...] [window N]"},
        {"field a exact x\nblock x windows 4\n", "t:2: block COLUMN"},
        {"field a exact x\nblock x window 4 5\n", "t:2: block COLUMN"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        link_spec s;
        lh_error err;
        lh_error_clear(&err);
        cr_expect_eq(link_spec_parse(&s, bad[i].text, "t", &err), LH_EUSAGE, "case %zu", i);
        cr_expect(strstr(err.message, bad[i].needle) != NULL, "case %zu: %s", i, err.message);
    }
}
