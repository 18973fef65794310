/* names.c: the generator's compiled-in locale data (see locale.h).
 *
 * Name lists are ordered by how common a name is in its country (from public frequency tables,
 * rounded into rank order; a few dozen to about a hundred per list); the generator draws ranks
 * from a Zipf-Mandelbrot law, so common names such as Sato, Wang, Kim or Smith recur among
 * unrelated people, as they do in real customer bases. Romanised spellings that two native names
 * share (徐 and 许 are both "Xu") are kept on purpose: they are real collisions.
 * Cities carry their real postcode prefix and landline area code; streets, towns and IP ranges
 * are plausible but invented, and no address or number is meant to be real.
 */
#include "gen/locale.h"

#define N(a) (sizeof(a) / sizeof *(a))

/* clang-format off */

/* ---------------------------------------------------------------- Japan */

static const gen_name jp_family[] = {
    {"Sato", "佐藤", "サトウ"},      {"Suzuki", "鈴木", "スズキ"},     {"Takahashi", "高橋", "タカハシ"},
    {"Tanaka", "田中", "タナカ"},    {"Ito", "伊藤", "イトウ"},        {"Watanabe", "渡辺", "ワタナベ"},
    {"Yamamoto", "山本", "ヤマモト"}, {"Nakamura", "中村", "ナカムラ"}, {"Kobayashi", "小林", "コバヤシ"},
    {"Kato", "加藤", "カトウ"},      {"Yoshida", "吉田", "ヨシダ"},    {"Yamada", "山田", "ヤマダ"},
    {"Sasaki", "佐々木", "ササキ"},  {"Yamaguchi", "山口", "ヤマグチ"}, {"Matsumoto", "松本", "マツモト"},
    {"Inoue", "井上", "イノウエ"},   {"Kimura", "木村", "キムラ"},     {"Hayashi", "林", "ハヤシ"},
    {"Saito", "斎藤", "サイトウ"},   {"Shimizu", "清水", "シミズ"},    {"Yamazaki", "山崎", "ヤマザキ"},
    {"Mori", "森", "モリ"},          {"Ikeda", "池田", "イケダ"},      {"Hashimoto", "橋本", "ハシモト"},
    {"Abe", "阿部", "アベ"},         {"Ishikawa", "石川", "イシカワ"}, {"Yamashita", "山下", "ヤマシタ"},
    {"Nakajima", "中島", "ナカジマ"}, {"Ishii", "石井", "イシイ"},      {"Ogawa", "小川", "オガワ"},
    {"Maeda", "前田", "マエダ"},     {"Okada", "岡田", "オカダ"},      {"Hasegawa", "長谷川", "ハセガワ"},
    {"Fujita", "藤田", "フジタ"},    {"Goto", "後藤", "ゴトウ"},       {"Kondo", "近藤", "コンドウ"},
    {"Murakami", "村上", "ムラカミ"}, {"Endo", "遠藤", "エンドウ"},     {"Aoki", "青木", "アオキ"},
    {"Sakamoto", "坂本", "サカモト"}, {"Fukuda", "福田", "フクダ"},     {"Ota", "太田", "オオタ"},
    {"Nishimura", "西村", "ニシムラ"}, {"Fujii", "藤井", "フジイ"},    {"Kaneko", "金子", "カネコ"},
    {"Okamoto", "岡本", "オカモト"},  {"Fujiwara", "藤原", "フジワラ"}, {"Nakano", "中野", "ナカノ"},
    {"Miura", "三浦", "ミウラ"},     {"Harada", "原田", "ハラダ"},     {"Nakagawa", "中川", "ナカガワ"},
    {"Matsuda", "松田", "マツダ"},   {"Takeuchi", "竹内", "タケウチ"}, {"Ono", "小野", "オノ"},
    {"Tamura", "田村", "タムラ"},    {"Nakayama", "中山", "ナカヤマ"}, {"Wada", "和田", "ワダ"},
    {"Ishida", "石田", "イシダ"},    {"Morita", "森田", "モリタ"},     {"Ueda", "上田", "ウエダ"},
    {"Hara", "原", "ハラ"},          {"Uchida", "内田", "ウチダ"},     {"Shibata", "柴田", "シバタ"},
    {"Sakai", "酒井", "サカイ"},     {"Miyazaki", "宮崎", "ミヤザキ"}, {"Yokoyama", "横山", "ヨコヤマ"},
    {"Takagi", "高木", "タカギ"},    {"Ando", "安藤", "アンドウ"},     {"Miyamoto", "宮本", "ミヤモト"},
    {"Kojima", "小島", "コジマ"},    {"Taniguchi", "谷口", "タニグチ"}, {"Imai", "今井", "イマイ"},
    {"Kudo", "工藤", "クドウ"},      {"Takada", "高田", "タカダ"},     {"Masuda", "増田", "マスダ"},
    {"Maruyama", "丸山", "マルヤマ"}, {"Sugiyama", "杉山", "スギヤマ"}, {"Murata", "村田", "ムラタ"},
    {"Otsuka", "大塚", "オオツカ"},  {"Arai", "新井", "アライ"},       {"Koyama", "小山", "コヤマ"},
    {"Hirano", "平野", "ヒラノ"},    {"Fujimoto", "藤本", "フジモト"}, {"Kono", "河野", "コウノ"},
    {"Ueno", "上野", "ウエノ"},      {"Noguchi", "野口", "ノグチ"},    {"Takeda", "武田", "タケダ"},
    {"Matsui", "松井", "マツイ"},    {"Chiba", "千葉", "チバ"},        {"Iwasaki", "岩崎", "イワサキ"},
    {"Sugawara", "菅原", "スガワラ"}, {"Kinoshita", "木下", "キノシタ"}, {"Kubo", "久保", "クボ"},
    {"Sano", "佐野", "サノ"},        {"Nomura", "野村", "ノムラ"},     {"Matsuo", "松尾", "マツオ"},
    {"Kikuchi", "菊地", "キクチ"},   {"Sugimoto", "杉本", "スギモト"}, {"Ichikawa", "市川", "イチカワ"},
    {"Furukawa", "古川", "フルカワ"}, {"Onishi", "大西", "オオニシ"},   {"Shimada", "島田", "シマダ"},
    {"Mizuno", "水野", "ミズノ"},    {"Sakurai", "桜井", "サクライ"},  {"Takano", "高野", "タカノ"},
    {"Yoshikawa", "吉川", "ヨシカワ"}, {"Yamauchi", "山内", "ヤマウチ"}, {"Nishida", "西田", "ニシダ"},
    {"Iida", "飯田", "イイダ"},      {"Nishikawa", "西川", "ニシカワ"}, {"Komatsu", "小松", "コマツ"},
    {"Kitamura", "北村", "キタムラ"}, {"Yasuda", "安田", "ヤスダ"},     {"Igarashi", "五十嵐", "イガラシ"},
    {"Kawaguchi", "川口", "カワグチ"}, {"Hirata", "平田", "ヒラタ"},    {"Seki", "関", "セキ"},
    {"Nakata", "中田", "ナカタ"},    {"Kubota", "久保田", "クボタ"},   {"Hattori", "服部", "ハットリ"},
    {"Higashi", "東", "ヒガシ"},     {"Iwata", "岩田", "イワタ"},      {"Tsuchiya", "土屋", "ツチヤ"},
    {"Kawasaki", "川崎", "カワサキ"}, {"Fukushima", "福島", "フクシマ"}, {"Honda", "本田", "ホンダ"},
    {"Tsuji", "辻", "ツジ"},         {"Higuchi", "樋口", "ヒグチ"},    {"Akiyama", "秋山", "アキヤマ"},
};

static const gen_name jp_given_m[] = {
    {"Hiroshi", "浩", "ヒロシ"},    {"Takashi", "隆", "タカシ"},      {"Makoto", "誠", "マコト"},
    {"Daisuke", "大輔", "ダイスケ"}, {"Kenta", "健太", "ケンタ"},      {"Shota", "翔太", "ショウタ"},
    {"Takuya", "拓也", "タクヤ"},   {"Naoki", "直樹", "ナオキ"},      {"Kazuya", "和也", "カズヤ"},
    {"Tatsuya", "達也", "タツヤ"},  {"Kenichi", "健一", "ケンイチ"},  {"Osamu", "修", "オサム"},
    {"Tsuyoshi", "剛", "ツヨシ"},   {"Manabu", "学", "マナブ"},       {"Ryo", "亮", "リョウ"},
    {"Taro", "太郎", "タロウ"},     {"Ichiro", "一郎", "イチロウ"},   {"Tsubasa", "翼", "ツバサ"},
    {"Daiki", "大樹", "ダイキ"},    {"Yuta", "優太", "ユウタ"},       {"Kei", "圭", "ケイ"},
    {"Satoshi", "聡", "サトシ"},    {"Shigeru", "茂", "シゲル"},      {"Yuki", "勇気", "ユウキ"},
    {"Shunsuke", "俊介", "シュンスケ"}, {"Hikaru", "光", "ヒカル"},   {"Yuichi", "雄一", "ユウイチ"},
    {"Hideki", "秀樹", "ヒデキ"},   {"Yasuhiro", "康弘", "ヤスヒロ"}, {"Tomoya", "智也", "トモヤ"},
    {"Kaito", "海斗", "カイト"},    {"Sota", "颯太", "ソウタ"},       {"Ken", "健", "ケン"},
    {"Masato", "正人", "マサト"},   {"Koji", "浩二", "コウジ"},       {"Shinya", "信也", "シンヤ"},
    {"Haruto", "陽翔", "ハルト"},   {"Ren", "蓮", "レン"},            {"Minato", "湊", "ミナト"},
    {"Itsuki", "樹", "イツキ"},
};

static const gen_name jp_given_f[] = {
    {"Yoko", "陽子", "ヨウコ"},     {"Keiko", "恵子", "ケイコ"},      {"Yumi", "由美", "ユミ"},
    {"Mayumi", "真由美", "マユミ"}, {"Yuko", "裕子", "ユウコ"},      {"Akemi", "明美", "アケミ"},
    {"Naomi", "直美", "ナオミ"},    {"Kumiko", "久美子", "クミコ"},  {"Miho", "美穂", "ミホ"},
    {"Aya", "彩", "アヤ"},          {"Mai", "麻衣", "マイ"},          {"Chihiro", "千尋", "チヒロ"},
    {"Nana", "奈々", "ナナ"},       {"Kaori", "香織", "カオリ"},      {"Tomoko", "智子", "トモコ"},
    {"Megumi", "恵", "メグミ"},     {"Ayaka", "綾香", "アヤカ"},      {"Mika", "美香", "ミカ"},
    {"Saori", "沙織", "サオリ"},    {"Haruka", "遥", "ハルカ"},       {"Hanako", "花子", "ハナコ"},
    {"Sachiko", "幸子", "サチコ"},  {"Yuki", "由紀", "ユキ"},         {"Mari", "真理", "マリ"},
    {"Rie", "理恵", "リエ"},        {"Mei", "芽衣", "メイ"},          {"Rin", "凛", "リン"},
    {"Riko", "莉子", "リコ"},       {"Mizuki", "美月", "ミヅキ"},     {"Saki", "早紀", "サキ"},
    {"Emi", "絵美", "エミ"},        {"Noriko", "紀子", "ノリコ"},     {"Junko", "純子", "ジュンコ"},
    {"Kyoko", "京子", "キョウコ"},  {"Hina", "陽菜", "ヒナ"},         {"Yui", "結衣", "ユイ"},
    {"Aoi", "葵", "アオイ"},        {"Misaki", "美咲", "ミサキ"},     {"Sakura", "さくら", "サクラ"},
    {"Ai", "愛", "アイ"},
};

static const gen_city jp_city[] = {
    {"Shibuya-ku, Tokyo", "東京都渋谷区", "150", "3", 3},
    {"Shinjuku-ku, Tokyo", "東京都新宿区", "160", "3", 3},
    {"Minato-ku, Tokyo", "東京都港区", "105", "3", 2},
    {"Setagaya-ku, Tokyo", "東京都世田谷区", "154", "3", 4},
    {"Kita-ku, Osaka", "大阪府大阪市北区", "530", "6", 3},
    {"Naka-ku, Yokohama", "神奈川県横浜市中区", "231", "45", 3},
    {"Naka-ku, Nagoya", "愛知県名古屋市中区", "460", "52", 2},
    {"Hakata-ku, Fukuoka", "福岡県福岡市博多区", "812", "92", 2},
    {"Chuo-ku, Sapporo", "北海道札幌市中央区", "060", "11", 2},
    {"Sakyo-ku, Kyoto", "京都府京都市左京区", "606", "75", 1},
    {"Aoba-ku, Sendai", "宮城県仙台市青葉区", "980", "22", 1},
    {"Tsukuba, Ibaraki", "茨城県つくば市", "305", "29", 1},
};

static const gen_street jp_street[] = {
    {"Jinnan", "神南"},       {"Honmachi", "本町"},     {"Chuo", "中央"},         {"Sakae", "栄"},
    {"Midoricho", "緑町"},    {"Asahicho", "旭町"},     {"Sakuragaoka", "桜丘"},  {"Wakaba", "若葉"},
    {"Aobadai", "青葉台"},    {"Minamimachi", "南町"},  {"Higashimachi", "東町"}, {"Kitamachi", "北町"},
    {"Otemachi", "大手町"},   {"Konan", "港南"},        {"Matsubara", "松原"},    {"Nishiki", "錦"},
};

static const gen_domain jp_mail[] = {
    {"gmail.com", 34},     {"yahoo.co.jp", 20},  {"docomo.ne.jp", 7}, {"ezweb.ne.jp", 4},
    {"softbank.ne.jp", 3}, {"icloud.com", 10},   {"outlook.jp", 5},   {"hotmail.co.jp", 4},
    {"nifty.com", 3},      {"ocn.ne.jp", 3},     {"biglobe.ne.jp", 3}, {"i.softbank.jp", 2},
    {"ybb.ne.jp", 2},
};

static const char *const jp_mobile[] = {"90", "80", "70"};
static const char *const jp_regions[] = {"tokyo-1", "tokyo-2", "osaka-1", "seoul-1", "singapore-1"};
static const uint8_t jp_res[][2] = {{126, 0},  {126, 77}, {60, 71},   {114, 150},
                                    {153, 160}, {180, 12}, {219, 100}, {221, 113}};
static const uint8_t jp_mob[][2] = {{49, 96}, {106, 128}, {126, 200}};
static const uint8_t jp_biz[] = {210, 133};

/* ---------------------------------------------------------------- China */

static const gen_name cn_family[] = {
    {"Wang", "王", 0},  {"Li", "李", 0},    {"Zhang", "张", 0}, {"Liu", "刘", 0},   {"Chen", "陈", 0},
    {"Yang", "杨", 0},  {"Huang", "黄", 0}, {"Zhao", "赵", 0},  {"Wu", "吴", 0},    {"Zhou", "周", 0},
    {"Xu", "徐", 0},    {"Sun", "孙", 0},   {"Ma", "马", 0},    {"Zhu", "朱", 0},   {"Hu", "胡", 0},
    {"Guo", "郭", 0},   {"He", "何", 0},    {"Gao", "高", 0},   {"Lin", "林", 0},   {"Luo", "罗", 0},
    {"Zheng", "郑", 0}, {"Liang", "梁", 0}, {"Xie", "谢", 0},   {"Song", "宋", 0},  {"Tang", "唐", 0},
    {"Xu", "许", 0},    {"Han", "韩", 0},   {"Feng", "冯", 0},  {"Deng", "邓", 0},  {"Cao", "曹", 0},
    {"Peng", "彭", 0},  {"Zeng", "曾", 0},  {"Xiao", "肖", 0},  {"Tian", "田", 0},  {"Dong", "董", 0},
    {"Yuan", "袁", 0},  {"Pan", "潘", 0},   {"Yu", "于", 0},    {"Jiang", "蒋", 0}, {"Cai", "蔡", 0},
    {"Yu", "余", 0},    {"Du", "杜", 0},    {"Ye", "叶", 0},    {"Cheng", "程", 0}, {"Su", "苏", 0},
    {"Wei", "魏", 0},   {"Lyu", "吕", 0},   {"Ding", "丁", 0},  {"Ren", "任", 0},   {"Shen", "沈", 0},
    {"Yao", "姚", 0},   {"Lu", "卢", 0},    {"Jiang", "姜", 0}, {"Cui", "崔", 0},   {"Zhong", "钟", 0},
    {"Tan", "谭", 0},   {"Lu", "陆", 0},    {"Wang", "汪", 0},  {"Fan", "范", 0},   {"Jin", "金", 0},
    {"Shi", "石", 0},   {"Liao", "廖", 0},  {"Jia", "贾", 0},   {"Xia", "夏", 0},   {"Wei", "韦", 0},
    {"Fu", "付", 0},    {"Fang", "方", 0},  {"Bai", "白", 0},   {"Zou", "邹", 0},   {"Meng", "孟", 0},
    {"Xiong", "熊", 0}, {"Qin", "秦", 0},   {"Qiu", "邱", 0},   {"Jiang", "江", 0}, {"Yin", "尹", 0},
    {"Xue", "薛", 0},   {"Yan", "闫", 0},   {"Duan", "段", 0},  {"Lei", "雷", 0},   {"Hou", "侯", 0},
    {"Long", "龙", 0},  {"Tao", "陶", 0},   {"Gu", "顾", 0},    {"Mao", "毛", 0},   {"Hao", "郝", 0},
    {"Gong", "龚", 0},  {"Shao", "邵", 0},  {"Wan", "万", 0},   {"Qian", "钱", 0},  {"Dai", "戴", 0},
};

static const gen_name cn_given_m[] = {
    {"Wei", "伟", 0},       {"Qiang", "强", 0},     {"Lei", "磊", 0},       {"Jun", "军", 0},
    {"Yang", "洋", 0},      {"Yong", "勇", 0},      {"Jie", "杰", 0},       {"Tao", "涛", 0},
    {"Ming", "明", 0},      {"Chao", "超", 0},      {"Gang", "刚", 0},      {"Ping", "平", 0},
    {"Hui", "辉", 0},       {"Peng", "鹏", 0},      {"Hua", "华", 0},       {"Fei", "飞", 0},
    {"Xin", "鑫", 0},       {"Bo", "波", 0},        {"Bin", "斌", 0},       {"Yu", "宇", 0},
    {"Hao", "浩", 0},       {"Kai", "凯", 0},       {"Jian", "健", 0},      {"Fan", "帆", 0},
    {"Jianhua", "建华", 0}, {"Zhiqiang", "志强", 0}, {"Jianguo", "建国", 0}, {"Xiaoming", "晓明", 0},
    {"Haitao", "海涛", 0},  {"Zixuan", "子轩", 0},  {"Haoran", "浩然", 0},  {"Yuhang", "宇航", 0},
    {"Junjie", "俊杰", 0},  {"Wenbo", "文博", 0},   {"Tianyou", "天佑", 0}, {"Zhiming", "志明", 0},
    {"Guoqiang", "国强", 0}, {"Jiahao", "家豪", 0}, {"Bowen", "博文", 0},   {"Yifan", "一帆", 0},
};

static const gen_name cn_given_f[] = {
    {"Fang", "芳", 0},     {"Na", "娜", 0},       {"Min", "敏", 0},      {"Jing", "静", 0},
    {"Li", "丽", 0},       {"Yan", "艳", 0},      {"Juan", "娟", 0},     {"Xia", "霞", 0},
    {"Ling", "玲", 0},     {"Ting", "婷", 0},     {"Xue", "雪", 0},      {"Hui", "慧", 0},
    {"Ying", "颖", 0},     {"Lin", "琳", 0},      {"Xin", "欣", 0},      {"Qian", "倩", 0},
    {"Xiuying", "秀英", 0}, {"Guiying", "桂英", 0}, {"Lijuan", "丽娟", 0}, {"Xiulan", "秀兰", 0},
    {"Haiyan", "海燕", 0}, {"Yuhan", "雨涵", 0},  {"Zihan", "梓涵", 0},  {"Shihan", "诗涵", 0},
    {"Xinyi", "欣怡", 0},  {"Jiayi", "佳怡", 0},  {"Siyu", "思雨", 0},   {"Xiaoyan", "晓燕", 0},
    {"Meiling", "美玲", 0}, {"Yating", "雅婷", 0}, {"Jiaxin", "嘉欣", 0}, {"Yutong", "雨桐", 0},
    {"Ruoxi", "若曦", 0},  {"Mengyao", "梦瑶", 0}, {"Shuang", "爽", 0},   {"Lan", "兰", 0},
};

static const gen_city cn_city[] = {
    {"Beijing", "北京市", "100", "10", 4},    {"Shanghai", "上海市", "200", "21", 4},
    {"Guangzhou", "广州市", "510", "20", 3},  {"Shenzhen", "深圳市", "518", "755", 3},
    {"Chengdu", "成都市", "610", "28", 2},    {"Hangzhou", "杭州市", "310", "571", 2},
    {"Wuhan", "武汉市", "430", "27", 2},      {"Nanjing", "南京市", "210", "25", 2},
    {"Xi'an", "西安市", "710", "29", 1},
};

static const gen_street cn_street[] = {
    {"Jianguo Road", "建国路"},   {"Renmin Road", "人民路"},    {"Jiefang Road", "解放路"},
    {"Zhongshan Road", "中山路"}, {"Nanjing Road", "南京路"},   {"Heping Road", "和平路"},
    {"Chaoyang Road", "朝阳路"},  {"Dongfeng Road", "东风路"},  {"Xinhua Road", "新华路"},
    {"Yan'an Road", "延安路"},    {"Xueyuan Road", "学院路"},   {"Keji Road", "科技路"},
    {"Binjiang Road", "滨江路"},  {"Changjiang Road", "长江路"}, {"Huaihai Road", "淮海路"},
};

static const gen_domain cn_mail[] = {
    {"qq.com", 42},  {"163.com", 24},    {"126.com", 9},     {"sina.com", 5},
    {"gmail.com", 6}, {"outlook.com", 5}, {"foxmail.com", 5}, {"yeah.net", 2},
    {"139.com", 2},
};

static const char *const cn_mobile[] = {"138", "139", "135", "136", "137", "150", "151", "152",
                                        "158", "159", "186", "187", "188", "130", "131", "132",
                                        "155", "156", "133", "153", "180", "189"};
static const char *const cn_regions[] = {"hongkong-1", "singapore-1", "tokyo-1", "seoul-1",
                                         "sanjose-1"};
static const uint8_t cn_res[][2] = {{36, 110}, {58, 240}, {113, 87}, {183, 14}, {222, 128},
                                    {117, 136}};
static const uint8_t cn_mob[][2] = {{111, 0}, {120, 204}, {223, 104}};
static const uint8_t cn_biz[] = {101, 124};

/* ---------------------------------------------------------------- South Korea */

static const gen_name kr_family[] = {
    {"Kim", "김", 0},   {"Lee", "이", 0},   {"Park", "박", 0},  {"Choi", "최", 0},  {"Jung", "정", 0},
    {"Kang", "강", 0},  {"Cho", "조", 0},   {"Yoon", "윤", 0},  {"Jang", "장", 0},  {"Lim", "임", 0},
    {"Han", "한", 0},   {"Oh", "오", 0},    {"Seo", "서", 0},   {"Shin", "신", 0},  {"Kwon", "권", 0},
    {"Hwang", "황", 0}, {"Ahn", "안", 0},   {"Song", "송", 0},  {"Ryu", "류", 0},   {"Jeon", "전", 0},
    {"Hong", "홍", 0},  {"Ko", "고", 0},    {"Moon", "문", 0},  {"Yang", "양", 0},  {"Son", "손", 0},
    {"Bae", "배", 0},   {"Baek", "백", 0},  {"Heo", "허", 0},   {"Yoo", "유", 0},   {"Nam", "남", 0},
    {"Shim", "심", 0},  {"Noh", "노", 0},   {"Ha", "하", 0},    {"Kwak", "곽", 0},  {"Sung", "성", 0},
    {"Cha", "차", 0},   {"Joo", "주", 0},   {"Woo", "우", 0},   {"Koo", "구", 0},   {"Min", "민", 0},
    {"Jin", "진", 0},   {"Na", "나", 0},    {"Ji", "지", 0},    {"Eom", "엄", 0},   {"Chae", "채", 0},
    {"Won", "원", 0},   {"Chun", "천", 0},  {"Bang", "방", 0},  {"Kong", "공", 0},  {"Hyun", "현", 0},
};

static const gen_name kr_given_m[] = {
    {"Min-jun", "민준", 0},   {"Seo-jun", "서준", 0},  {"Do-yun", "도윤", 0},  {"Ye-jun", "예준", 0},
    {"Si-woo", "시우", 0},    {"Ha-jun", "하준", 0},   {"Ju-won", "주원", 0},  {"Ji-ho", "지호", 0},
    {"Ji-hoon", "지훈", 0},   {"Jun-seo", "준서", 0},  {"Hyun-woo", "현우", 0}, {"Dong-hyun", "동현", 0},
    {"Sung-min", "성민", 0},  {"Young-ho", "영호", 0}, {"Jung-hoon", "정훈", 0}, {"Sang-chul", "상철", 0},
    {"Jae-hyun", "재현", 0},  {"Seung-min", "승민", 0}, {"Tae-yang", "태양", 0}, {"Min-su", "민수", 0},
    {"Young-soo", "영수", 0}, {"Jun-hyuk", "준혁", 0}, {"Gun-woo", "건우", 0}, {"Woo-jin", "우진", 0},
    {"Sung-hoon", "성훈", 0}, {"Jin-woo", "진우", 0},  {"Sang-woo", "상우", 0}, {"Dong-wook", "동욱", 0},
    {"Hyuk", "혁", 0},        {"Chul-soo", "철수", 0},
};

static const gen_name kr_given_f[] = {
    {"Seo-yeon", "서연", 0}, {"Seo-yun", "서윤", 0},  {"Ji-woo", "지우", 0},   {"Seo-hyun", "서현", 0},
    {"Min-seo", "민서", 0},  {"Ha-eun", "하은", 0},   {"Ha-yun", "하윤", 0},   {"Yun-seo", "윤서", 0},
    {"Ji-min", "지민", 0},   {"Ji-yu", "지유", 0},    {"Su-bin", "수빈", 0},   {"Ji-young", "지영", 0},
    {"Mi-young", "미영", 0}, {"Eun-ji", "은지", 0},   {"Hye-jin", "혜진", 0},  {"Su-jin", "수진", 0},
    {"Eun-young", "은영", 0}, {"Hyun-jung", "현정", 0}, {"Min-ji", "민지", 0},  {"Yu-jin", "유진", 0},
    {"Ye-eun", "예은", 0},   {"So-yeon", "소연", 0},  {"Ji-eun", "지은", 0},   {"Na-yeon", "나연", 0},
    {"Da-eun", "다은", 0},   {"Chae-won", "채원", 0}, {"Su-a", "수아", 0},     {"Young-hee", "영희", 0},
    {"Kyung-hee", "경희", 0}, {"Mi-sook", "미숙", 0},
};

static const gen_city kr_city[] = {
    {"Seoul", "서울특별시", "0", "2", 5},     {"Busan", "부산광역시", "4", "51", 2},
    {"Incheon", "인천광역시", "2", "32", 2},  {"Daegu", "대구광역시", "4", "53", 1},
    {"Daejeon", "대전광역시", "3", "42", 1},  {"Gwangju", "광주광역시", "6", "62", 1},
    {"Seongnam", "성남시", "13", "31", 1},
};

static const gen_street kr_street[] = {
    {"Teheran-ro", "테헤란로"},   {"Sejong-daero", "세종대로"}, {"Gangnam-daero", "강남대로"},
    {"Olympic-ro", "올림픽로"},   {"Jong-ro", "종로"},          {"Haeundae-ro", "해운대로"},
    {"Jungang-daero", "중앙대로"}, {"Pangyo-ro", "판교로"},      {"Dosan-daero", "도산대로"},
    {"Eulji-ro", "을지로"},       {"Hangang-daero", "한강대로"}, {"World Cup-ro", "월드컵로"},
};

static const gen_domain kr_mail[] = {
    {"naver.com", 48}, {"daum.net", 12}, {"hanmail.net", 10}, {"gmail.com", 20},
    {"kakao.com", 5},  {"nate.com", 5},
};

static const char *const kr_mobile[] = {"10"};
static const char *const kr_regions[] = {"seoul-1", "tokyo-1", "hongkong-1", "singapore-1"};
static const uint8_t kr_res[][2] = {{1, 224}, {14, 32}, {39, 115}, {59, 10}, {112, 150}, {118, 220}};
static const uint8_t kr_mob[][2] = {{106, 101}, {223, 38}, {211, 234}};
static const uint8_t kr_biz[] = {175, 121};

/* ---------------------------------------------------------------- United States */

static const gen_name us_family[] = {
    {"Smith", 0, 0},     {"Johnson", 0, 0},  {"Williams", 0, 0}, {"Brown", 0, 0},
    {"Jones", 0, 0},     {"Garcia", 0, 0},   {"Miller", 0, 0},   {"Davis", 0, 0},
    {"Rodriguez", 0, 0}, {"Martinez", 0, 0}, {"Hernandez", 0, 0}, {"Lopez", 0, 0},
    {"Gonzalez", 0, 0},  {"Wilson", 0, 0},   {"Anderson", 0, 0}, {"Thomas", 0, 0},
    {"Taylor", 0, 0},    {"Moore", 0, 0},    {"Jackson", 0, 0},  {"Martin", 0, 0},
    {"Lee", 0, 0},       {"Perez", 0, 0},    {"Thompson", 0, 0}, {"White", 0, 0},
    {"Harris", 0, 0},    {"Sanchez", 0, 0},  {"Clark", 0, 0},    {"Ramirez", 0, 0},
    {"Lewis", 0, 0},     {"Robinson", 0, 0}, {"Walker", 0, 0},   {"Young", 0, 0},
    {"Allen", 0, 0},     {"King", 0, 0},     {"Wright", 0, 0},   {"Scott", 0, 0},
    {"Torres", 0, 0},    {"Nguyen", 0, 0},   {"Hill", 0, 0},     {"Flores", 0, 0},
    {"Green", 0, 0},     {"Adams", 0, 0},    {"Nelson", 0, 0},   {"Baker", 0, 0},
    {"Hall", 0, 0},      {"Rivera", 0, 0},   {"Campbell", 0, 0}, {"Mitchell", 0, 0},
    {"Carter", 0, 0},    {"Roberts", 0, 0},  {"Gomez", 0, 0},    {"Phillips", 0, 0},
    {"Evans", 0, 0},     {"Turner", 0, 0},   {"Diaz", 0, 0},     {"Parker", 0, 0},
    {"Cruz", 0, 0},      {"Edwards", 0, 0},  {"Collins", 0, 0},  {"Reyes", 0, 0},
    {"Stewart", 0, 0},   {"Morris", 0, 0},   {"Morales", 0, 0},  {"Murphy", 0, 0},
    {"Cook", 0, 0},      {"Rogers", 0, 0},   {"Gutierrez", 0, 0}, {"Ortiz", 0, 0},
    {"Morgan", 0, 0},    {"Cooper", 0, 0},   {"Peterson", 0, 0}, {"Bailey", 0, 0},
    {"Reed", 0, 0},      {"Kelly", 0, 0},    {"Howard", 0, 0},   {"Ramos", 0, 0},
    {"Kim", 0, 0},       {"Cox", 0, 0},      {"Ward", 0, 0},     {"Richardson", 0, 0},
    {"Watson", 0, 0},    {"Brooks", 0, 0},   {"Chavez", 0, 0},   {"Wood", 0, 0},
    {"James", 0, 0},     {"Bennett", 0, 0},  {"Gray", 0, 0},     {"Mendoza", 0, 0},
    {"Ruiz", 0, 0},      {"Hughes", 0, 0},   {"Price", 0, 0},    {"Alvarez", 0, 0},
    {"Castillo", 0, 0},  {"Sanders", 0, 0},  {"Patel", 0, 0},    {"Myers", 0, 0},
    {"Long", 0, 0},      {"Ross", 0, 0},     {"Foster", 0, 0},   {"Jimenez", 0, 0},
};

static const gen_name us_given_m[] = {
    {"James", 0, 0},   {"Robert", 0, 0},   {"John", 0, 0},      {"Michael", 0, 0},
    {"David", 0, 0},   {"William", 0, 0},  {"Richard", 0, 0},   {"Joseph", 0, 0},
    {"Thomas", 0, 0},  {"Christopher", 0, 0}, {"Charles", 0, 0}, {"Daniel", 0, 0},
    {"Matthew", 0, 0}, {"Anthony", 0, 0},  {"Mark", 0, 0},      {"Donald", 0, 0},
    {"Steven", 0, 0},  {"Andrew", 0, 0},   {"Paul", 0, 0},      {"Joshua", 0, 0},
    {"Kenneth", 0, 0}, {"Kevin", 0, 0},    {"Brian", 0, 0},     {"George", 0, 0},
    {"Timothy", 0, 0}, {"Ronald", 0, 0},   {"Jason", 0, 0},     {"Edward", 0, 0},
    {"Jeffrey", 0, 0}, {"Ryan", 0, 0},     {"Jacob", 0, 0},     {"Gary", 0, 0},
    {"Nicholas", 0, 0}, {"Eric", 0, 0},    {"Jonathan", 0, 0},  {"Stephen", 0, 0},
    {"Larry", 0, 0},   {"Justin", 0, 0},   {"Scott", 0, 0},     {"Brandon", 0, 0},
    {"Benjamin", 0, 0}, {"Samuel", 0, 0},  {"Gregory", 0, 0},   {"Alexander", 0, 0},
    {"Patrick", 0, 0}, {"Frank", 0, 0},    {"Raymond", 0, 0},   {"Jack", 0, 0},
    {"Dennis", 0, 0},  {"Tyler", 0, 0},    {"Aaron", 0, 0},     {"Jose", 0, 0},
    {"Adam", 0, 0},    {"Nathan", 0, 0},   {"Henry", 0, 0},     {"Zachary", 0, 0},
};

static const gen_name us_given_f[] = {
    {"Mary", 0, 0},      {"Patricia", 0, 0}, {"Jennifer", 0, 0}, {"Linda", 0, 0},
    {"Elizabeth", 0, 0}, {"Barbara", 0, 0},  {"Susan", 0, 0},    {"Jessica", 0, 0},
    {"Sarah", 0, 0},     {"Karen", 0, 0},    {"Lisa", 0, 0},     {"Nancy", 0, 0},
    {"Betty", 0, 0},     {"Sandra", 0, 0},   {"Margaret", 0, 0}, {"Ashley", 0, 0},
    {"Kimberly", 0, 0},  {"Emily", 0, 0},    {"Donna", 0, 0},    {"Michelle", 0, 0},
    {"Carol", 0, 0},     {"Amanda", 0, 0},   {"Melissa", 0, 0},  {"Deborah", 0, 0},
    {"Stephanie", 0, 0}, {"Dorothy", 0, 0},  {"Rebecca", 0, 0},  {"Sharon", 0, 0},
    {"Laura", 0, 0},     {"Cynthia", 0, 0},  {"Amy", 0, 0},      {"Kathleen", 0, 0},
    {"Angela", 0, 0},    {"Shirley", 0, 0},  {"Brenda", 0, 0},   {"Emma", 0, 0},
    {"Anna", 0, 0},      {"Pamela", 0, 0},   {"Nicole", 0, 0},   {"Samantha", 0, 0},
    {"Katherine", 0, 0}, {"Christine", 0, 0}, {"Helen", 0, 0},   {"Debra", 0, 0},
    {"Rachel", 0, 0},    {"Carolyn", 0, 0},  {"Janet", 0, 0},    {"Maria", 0, 0},
    {"Catherine", 0, 0}, {"Heather", 0, 0},
};

static const gen_city us_city[] = {
    {"New York", 0, "100", "212", 5},   {"Los Angeles", 0, "900", "213", 4},
    {"Chicago", 0, "606", "312", 3},    {"Houston", 0, "770", "713", 3},
    {"Phoenix", 0, "850", "602", 2},    {"Seattle", 0, "981", "206", 2},
    {"San Francisco", 0, "941", "415", 2}, {"Austin", 0, "787", "512", 2},
    {"Boston", 0, "021", "617", 2},     {"Denver", 0, "802", "303", 2},
    {"Atlanta", 0, "303", "404", 2},    {"Miami", 0, "331", "305", 2},
};

static const gen_street us_street[] = {
    {"Main St", 0},    {"Oak Ave", 0},       {"Maple Ave", 0},   {"Cedar Ln", 0},
    {"Pine St", 0},    {"Elm St", 0},        {"Washington Blvd", 0}, {"Park Ave", 0},
    {"Lake Dr", 0},    {"Hill Rd", 0},       {"Sunset Blvd", 0}, {"2nd St", 0},
    {"Lincoln Ave", 0}, {"Jefferson St", 0}, {"Madison Ave", 0}, {"River Rd", 0},
};

static const gen_domain us_mail[] = {
    {"gmail.com", 50},  {"yahoo.com", 14}, {"outlook.com", 9}, {"hotmail.com", 9},
    {"icloud.com", 10}, {"aol.com", 3},    {"proton.me", 2},   {"comcast.net", 2},
    {"att.net", 1},
};

static const char *const us_regions[] = {"virginia-1", "newyork-1", "dallas-1", "sanjose-1",
                                         "seattle-1", "toronto-1"};
static const uint8_t us_res[][2] = {{24, 4},    {67, 160}, {73, 15}, {98, 200},
                                    {108, 30}, {174, 52}, {71, 190}, {76, 120}};
static const uint8_t us_mob[][2] = {{172, 56}, {166, 137}, {107, 77}};
static const uint8_t us_biz[] = {12, 63};

/* ---------------------------------------------------------------- United Kingdom */

static const gen_name gb_family[] = {
    {"Smith", 0, 0},    {"Jones", 0, 0},    {"Williams", 0, 0}, {"Taylor", 0, 0},
    {"Brown", 0, 0},    {"Davies", 0, 0},   {"Evans", 0, 0},    {"Wilson", 0, 0},
    {"Thomas", 0, 0},   {"Johnson", 0, 0},  {"Roberts", 0, 0},  {"Robinson", 0, 0},
    {"Thompson", 0, 0}, {"Wright", 0, 0},   {"Walker", 0, 0},   {"White", 0, 0},
    {"Edwards", 0, 0},  {"Hughes", 0, 0},   {"Green", 0, 0},    {"Hall", 0, 0},
    {"Lewis", 0, 0},    {"Harris", 0, 0},   {"Clarke", 0, 0},   {"Patel", 0, 0},
    {"Jackson", 0, 0},  {"Wood", 0, 0},     {"Turner", 0, 0},   {"Martin", 0, 0},
    {"Cooper", 0, 0},   {"Hill", 0, 0},     {"Ward", 0, 0},     {"Morris", 0, 0},
    {"Moore", 0, 0},    {"Clark", 0, 0},    {"Lee", 0, 0},      {"King", 0, 0},
    {"Baker", 0, 0},    {"Harrison", 0, 0}, {"Morgan", 0, 0},   {"Allen", 0, 0},
    {"James", 0, 0},    {"Scott", 0, 0},    {"Phillips", 0, 0}, {"Watson", 0, 0},
    {"Davis", 0, 0},    {"Parker", 0, 0},   {"Price", 0, 0},    {"Bennett", 0, 0},
    {"Young", 0, 0},    {"Griffiths", 0, 0}, {"Mitchell", 0, 0}, {"Kelly", 0, 0},
    {"Cook", 0, 0},     {"Carter", 0, 0},   {"Richardson", 0, 0}, {"Bailey", 0, 0},
    {"Collins", 0, 0},  {"Bell", 0, 0},     {"Shaw", 0, 0},     {"Murphy", 0, 0},
    {"Miller", 0, 0},   {"Cox", 0, 0},      {"Richards", 0, 0}, {"Khan", 0, 0},
    {"Marshall", 0, 0}, {"Anderson", 0, 0}, {"Simpson", 0, 0},  {"Ellis", 0, 0},
    {"Adams", 0, 0},    {"Singh", 0, 0},    {"O'Brien", 0, 0},  {"MacDonald", 0, 0},
};

static const gen_name gb_given_m[] = {
    {"Oliver", 0, 0},  {"George", 0, 0},   {"Harry", 0, 0},  {"Jack", 0, 0},
    {"Jacob", 0, 0},   {"Noah", 0, 0},     {"Charlie", 0, 0}, {"Thomas", 0, 0},
    {"Oscar", 0, 0},   {"William", 0, 0},  {"James", 0, 0},  {"Henry", 0, 0},
    {"Leo", 0, 0},     {"Alfie", 0, 0},    {"Joshua", 0, 0}, {"Freddie", 0, 0},
    {"Archie", 0, 0},  {"Ethan", 0, 0},    {"Isaac", 0, 0},  {"Alexander", 0, 0},
    {"Joseph", 0, 0},  {"Edward", 0, 0},   {"Samuel", 0, 0}, {"Max", 0, 0},
    {"Daniel", 0, 0},  {"Arthur", 0, 0},   {"Lucas", 0, 0},  {"Mohammed", 0, 0},
    {"Logan", 0, 0},   {"Theo", 0, 0},     {"David", 0, 0},  {"Paul", 0, 0},
    {"Mark", 0, 0},    {"Andrew", 0, 0},   {"Richard", 0, 0}, {"Stephen", 0, 0},
    {"Peter", 0, 0},   {"Michael", 0, 0},  {"Christopher", 0, 0}, {"Matthew", 0, 0},
};

static const gen_name gb_given_f[] = {
    {"Olivia", 0, 0},    {"Amelia", 0, 0},  {"Isla", 0, 0},     {"Ava", 0, 0},
    {"Emily", 0, 0},     {"Isabella", 0, 0}, {"Mia", 0, 0},     {"Poppy", 0, 0},
    {"Ella", 0, 0},      {"Lily", 0, 0},    {"Sophie", 0, 0},   {"Grace", 0, 0},
    {"Evie", 0, 0},      {"Jessica", 0, 0}, {"Chloe", 0, 0},    {"Ruby", 0, 0},
    {"Alice", 0, 0},     {"Charlotte", 0, 0}, {"Freya", 0, 0},  {"Sophia", 0, 0},
    {"Emma", 0, 0},      {"Sarah", 0, 0},   {"Claire", 0, 0},   {"Rachel", 0, 0},
    {"Laura", 0, 0},     {"Helen", 0, 0},   {"Louise", 0, 0},   {"Victoria", 0, 0},
    {"Hannah", 0, 0},    {"Lucy", 0, 0},    {"Rebecca", 0, 0},  {"Katie", 0, 0},
    {"Amy", 0, 0},       {"Zoe", 0, 0},     {"Megan", 0, 0},    {"Holly", 0, 0},
    {"Gemma", 0, 0},     {"Natalie", 0, 0}, {"Kerry", 0, 0},    {"Joanne", 0, 0},
};

static const gen_city gb_city[] = {
    {"London", 0, "SW", "20", 4},    {"London", 0, "E", "20", 3},     {"London", 0, "N", "20", 2},
    {"Manchester", 0, "M", "161", 2}, {"Birmingham", 0, "B", "121", 2}, {"Leeds", 0, "LS", "113", 1},
    {"Glasgow", 0, "G", "141", 1},   {"Bristol", 0, "BS", "117", 1},  {"Edinburgh", 0, "EH", "131", 1},
    {"Liverpool", 0, "L", "151", 1}, {"Cambridge", 0, "CB", "1223", 1},
};

static const gen_street gb_street[] = {
    {"High Street", 0},  {"Station Road", 0}, {"Church Lane", 0}, {"Victoria Road", 0},
    {"Green Lane", 0},   {"Manor Road", 0},   {"Park Road", 0},   {"Queens Road", 0},
    {"Mill Lane", 0},    {"King Street", 0},  {"The Crescent", 0}, {"London Road", 0},
    {"New Road", 0},     {"School Lane", 0},
};

static const gen_domain gb_mail[] = {
    {"gmail.com", 40},     {"hotmail.co.uk", 14}, {"outlook.com", 10}, {"yahoo.co.uk", 9},
    {"icloud.com", 10},    {"btinternet.com", 5}, {"sky.com", 4},      {"virginmedia.com", 3},
    {"hotmail.com", 5},
};

static const char *const gb_mobile[] = {"71", "73", "74", "75", "77", "78", "79"};
static const char *const gb_regions[] = {"london-1", "amsterdam-1", "frankfurt-1", "paris-1"};
static const uint8_t gb_res[][2] = {{2, 24}, {31, 48}, {86, 128}, {82, 1}, {109, 144}, {92, 40}};
static const uint8_t gb_mob[][2] = {{148, 252}, {185, 69}, {31, 94}};
static const uint8_t gb_biz[] = {81, 151};

/* ---------------------------------------------------------------- Germany */

static const gen_name de_family[] = {
    {"Müller", 0, 0},    {"Schmidt", 0, 0},   {"Schneider", 0, 0}, {"Fischer", 0, 0},
    {"Weber", 0, 0},     {"Meyer", 0, 0},     {"Wagner", 0, 0},    {"Becker", 0, 0},
    {"Schulz", 0, 0},    {"Hoffmann", 0, 0},  {"Schäfer", 0, 0},   {"Koch", 0, 0},
    {"Bauer", 0, 0},     {"Richter", 0, 0},   {"Klein", 0, 0},     {"Wolf", 0, 0},
    {"Schröder", 0, 0},  {"Neumann", 0, 0},   {"Schwarz", 0, 0},   {"Zimmermann", 0, 0},
    {"Braun", 0, 0},     {"Krüger", 0, 0},    {"Hofmann", 0, 0},   {"Hartmann", 0, 0},
    {"Lange", 0, 0},     {"Schmitt", 0, 0},   {"Werner", 0, 0},    {"Schmitz", 0, 0},
    {"Krause", 0, 0},    {"Meier", 0, 0},     {"Lehmann", 0, 0},   {"Schmid", 0, 0},
    {"Schulze", 0, 0},   {"Maier", 0, 0},     {"Köhler", 0, 0},    {"Herrmann", 0, 0},
    {"König", 0, 0},     {"Walter", 0, 0},    {"Mayer", 0, 0},     {"Huber", 0, 0},
    {"Kaiser", 0, 0},    {"Fuchs", 0, 0},     {"Peters", 0, 0},    {"Lang", 0, 0},
    {"Scholz", 0, 0},    {"Möller", 0, 0},    {"Weiß", 0, 0},      {"Jung", 0, 0},
    {"Hahn", 0, 0},      {"Schubert", 0, 0},  {"Vogel", 0, 0},     {"Friedrich", 0, 0},
    {"Keller", 0, 0},    {"Günther", 0, 0},   {"Frank", 0, 0},     {"Berger", 0, 0},
    {"Winkler", 0, 0},   {"Roth", 0, 0},      {"Beck", 0, 0},      {"Lorenz", 0, 0},
    {"Baumann", 0, 0},   {"Franke", 0, 0},    {"Albrecht", 0, 0},  {"Schuster", 0, 0},
    {"Simon", 0, 0},     {"Ludwig", 0, 0},    {"Böhm", 0, 0},      {"Winter", 0, 0},
    {"Kraus", 0, 0},     {"Schumacher", 0, 0}, {"Krämer", 0, 0},   {"Vogt", 0, 0},
    {"Stein", 0, 0},     {"Jäger", 0, 0},     {"Otto", 0, 0},      {"Sommer", 0, 0},
    {"Groß", 0, 0},      {"Seidel", 0, 0},    {"Heinrich", 0, 0},  {"Brandt", 0, 0},
};

static const gen_name de_given_m[] = {
    {"Thomas", 0, 0},   {"Michael", 0, 0},   {"Andreas", 0, 0},  {"Stefan", 0, 0},
    {"Christian", 0, 0}, {"Peter", 0, 0},    {"Wolfgang", 0, 0}, {"Klaus", 0, 0},
    {"Jürgen", 0, 0},   {"Frank", 0, 0},     {"Markus", 0, 0},   {"Matthias", 0, 0},
    {"Tobias", 0, 0},   {"Sebastian", 0, 0}, {"Alexander", 0, 0}, {"Florian", 0, 0},
    {"Daniel", 0, 0},   {"Jan", 0, 0},       {"Martin", 0, 0},   {"Uwe", 0, 0},
    {"Dieter", 0, 0},   {"Hans", 0, 0},      {"Jörg", 0, 0},     {"Sven", 0, 0},
    {"Dirk", 0, 0},     {"Tim", 0, 0},       {"Niklas", 0, 0},   {"Moritz", 0, 0},
    {"Julian", 0, 0},   {"Lukas", 0, 0},     {"Leon", 0, 0},     {"Finn", 0, 0},
    {"Jonas", 0, 0},    {"Paul", 0, 0},      {"Elias", 0, 0},    {"Felix", 0, 0},
    {"Maximilian", 0, 0}, {"Luis", 0, 0},    {"Ben", 0, 0},      {"Björn", 0, 0},
};

static const gen_name de_given_f[] = {
    {"Sabine", 0, 0},   {"Susanne", 0, 0},  {"Petra", 0, 0},     {"Claudia", 0, 0},
    {"Andrea", 0, 0},   {"Stefanie", 0, 0}, {"Nicole", 0, 0},    {"Julia", 0, 0},
    {"Katharina", 0, 0}, {"Sandra", 0, 0},  {"Monika", 0, 0},    {"Birgit", 0, 0},
    {"Ursula", 0, 0},   {"Karin", 0, 0},    {"Anja", 0, 0},      {"Kerstin", 0, 0},
    {"Jana", 0, 0},     {"Sarah", 0, 0},    {"Johanna", 0, 0},   {"Franziska", 0, 0},
    {"Christina", 0, 0}, {"Melanie", 0, 0}, {"Heike", 0, 0},     {"Angelika", 0, 0},
    {"Renate", 0, 0},   {"Ute", 0, 0},      {"Jessica", 0, 0},   {"Nina", 0, 0},
    {"Clara", 0, 0},    {"Charlotte", 0, 0}, {"Mia", 0, 0},      {"Emma", 0, 0},
    {"Hannah", 0, 0},   {"Sofia", 0, 0},    {"Lea", 0, 0},       {"Marie", 0, 0},
    {"Lena", 0, 0},     {"Anna", 0, 0},     {"Laura", 0, 0},     {"Jördis", 0, 0},
};

static const gen_city de_city[] = {
    {"Berlin", 0, "10", "30", 4},      {"Hamburg", 0, "20", "40", 3},
    {"München", 0, "80", "89", 3},     {"Köln", 0, "50", "221", 2},
    {"Frankfurt am Main", 0, "60", "69", 2}, {"Stuttgart", 0, "70", "711", 2},
    {"Düsseldorf", 0, "40", "211", 2}, {"Leipzig", 0, "04", "341", 1},
    {"Dresden", 0, "01", "351", 1},    {"Karlsruhe", 0, "76", "721", 1},
};

static const gen_street de_street[] = {
    {"Hauptstraße", 0},  {"Schulstraße", 0},   {"Gartenstraße", 0}, {"Bahnhofstraße", 0},
    {"Dorfstraße", 0},   {"Bergstraße", 0},    {"Birkenweg", 0},    {"Lindenstraße", 0},
    {"Kirchstraße", 0},  {"Waldstraße", 0},    {"Ringstraße", 0},   {"Schillerstraße", 0},
    {"Goethestraße", 0}, {"Friedrichstraße", 0}, {"Am Markt", 0},
};

static const gen_domain de_mail[] = {
    {"gmx.de", 24},     {"web.de", 24},    {"gmail.com", 24}, {"t-online.de", 9},
    {"outlook.de", 4},  {"posteo.de", 3},  {"icloud.com", 6}, {"gmx.net", 4},
    {"freenet.de", 2},
};

static const char *const de_mobile[] = {"151", "152", "157", "160", "162", "170", "171", "172",
                                        "173", "174", "175", "176", "177", "178", "179"};
static const char *const de_regions[] = {"frankfurt-1", "amsterdam-1", "warsaw-1", "stockholm-1"};
static const uint8_t de_res[][2] = {{79, 192}, {87, 123}, {91, 60}, {93, 200}, {178, 0}, {217, 224}};
static const uint8_t de_mob[][2] = {{80, 187}, {176, 6}, {46, 114}};
static const uint8_t de_biz[] = {84, 62};

/* ---------------------------------------------------------------- France */

static const gen_name fr_family[] = {
    {"Martin", 0, 0},    {"Bernard", 0, 0},  {"Thomas", 0, 0},    {"Petit", 0, 0},
    {"Robert", 0, 0},    {"Richard", 0, 0},  {"Durand", 0, 0},    {"Dubois", 0, 0},
    {"Moreau", 0, 0},    {"Laurent", 0, 0},  {"Simon", 0, 0},     {"Michel", 0, 0},
    {"Lefebvre", 0, 0},  {"Leroy", 0, 0},    {"Roux", 0, 0},      {"David", 0, 0},
    {"Bertrand", 0, 0},  {"Morel", 0, 0},    {"Fournier", 0, 0},  {"Girard", 0, 0},
    {"Bonnet", 0, 0},    {"Dupont", 0, 0},   {"Lambert", 0, 0},   {"Fontaine", 0, 0},
    {"Rousseau", 0, 0},  {"Vincent", 0, 0},  {"Muller", 0, 0},    {"Lefèvre", 0, 0},
    {"Faure", 0, 0},     {"André", 0, 0},    {"Mercier", 0, 0},   {"Blanc", 0, 0},
    {"Guérin", 0, 0},    {"Boyer", 0, 0},    {"Garnier", 0, 0},   {"Chevalier", 0, 0},
    {"François", 0, 0},  {"Legrand", 0, 0},  {"Gauthier", 0, 0},  {"Garcia", 0, 0},
    {"Perrin", 0, 0},    {"Robin", 0, 0},    {"Clément", 0, 0},   {"Morin", 0, 0},
    {"Nicolas", 0, 0},   {"Henry", 0, 0},    {"Roussel", 0, 0},   {"Mathieu", 0, 0},
    {"Gautier", 0, 0},   {"Masson", 0, 0},   {"Marchand", 0, 0},  {"Duval", 0, 0},
    {"Denis", 0, 0},     {"Dumont", 0, 0},   {"Lemaire", 0, 0},   {"Noël", 0, 0},
    {"Meyer", 0, 0},     {"Dufour", 0, 0},   {"Meunier", 0, 0},   {"Brun", 0, 0},
    {"Blanchard", 0, 0}, {"Giraud", 0, 0},   {"Joly", 0, 0},      {"Rivière", 0, 0},
    {"Lucas", 0, 0},     {"Brunet", 0, 0},   {"Gaillard", 0, 0},  {"Barbier", 0, 0},
};

static const gen_name fr_given_m[] = {
    {"Jean", 0, 0},     {"Pierre", 0, 0},    {"Michel", 0, 0},    {"Philippe", 0, 0},
    {"Alain", 0, 0},    {"Nicolas", 0, 0},   {"Christophe", 0, 0}, {"Patrick", 0, 0},
    {"Daniel", 0, 0},   {"Frédéric", 0, 0},  {"Laurent", 0, 0},   {"Stéphane", 0, 0},
    {"Éric", 0, 0},     {"David", 0, 0},     {"Julien", 0, 0},    {"Sébastien", 0, 0},
    {"Thomas", 0, 0},   {"Olivier", 0, 0},   {"Antoine", 0, 0},   {"Mathieu", 0, 0},
    {"Guillaume", 0, 0}, {"Vincent", 0, 0},  {"François", 0, 0},  {"Hugo", 0, 0},
    {"Lucas", 0, 0},    {"Louis", 0, 0},     {"Gabriel", 0, 0},   {"Raphaël", 0, 0},
    {"Léo", 0, 0},      {"Arthur", 0, 0},    {"Jules", 0, 0},     {"Maxime", 0, 0},
    {"Romain", 0, 0},   {"Benoît", 0, 0},    {"Jérôme", 0, 0},    {"Cédric", 0, 0},
    {"Damien", 0, 0},   {"Yann", 0, 0},      {"Bruno", 0, 0},     {"Thierry", 0, 0},
    {"Jean-Pierre", 0, 0}, {"Jean-Luc", 0, 0},
};

static const gen_name fr_given_f[] = {
    {"Marie", 0, 0},     {"Nathalie", 0, 0},  {"Isabelle", 0, 0},  {"Sylvie", 0, 0},
    {"Catherine", 0, 0}, {"Françoise", 0, 0}, {"Christine", 0, 0}, {"Valérie", 0, 0},
    {"Sandrine", 0, 0},  {"Sophie", 0, 0},    {"Céline", 0, 0},    {"Stéphanie", 0, 0},
    {"Émilie", 0, 0},    {"Julie", 0, 0},     {"Aurélie", 0, 0},   {"Camille", 0, 0},
    {"Léa", 0, 0},       {"Manon", 0, 0},     {"Chloé", 0, 0},     {"Emma", 0, 0},
    {"Jade", 0, 0},      {"Louise", 0, 0},    {"Alice", 0, 0},     {"Inès", 0, 0},
    {"Sarah", 0, 0},     {"Laura", 0, 0},     {"Pauline", 0, 0},   {"Mathilde", 0, 0},
    {"Claire", 0, 0},    {"Hélène", 0, 0},    {"Anne", 0, 0},      {"Élodie", 0, 0},
    {"Virginie", 0, 0},  {"Caroline", 0, 0},  {"Laetitia", 0, 0},  {"Juliette", 0, 0},
    {"Margaux", 0, 0},   {"Charlotte", 0, 0}, {"Océane", 0, 0},    {"Agnès", 0, 0},
    {"Marie-Claire", 0, 0},
};

static const gen_city fr_city[] = {
    {"Paris", 0, "750", "1", 5},     {"Marseille", 0, "130", "4", 2},  {"Lyon", 0, "690", "4", 2},
    {"Toulouse", 0, "310", "5", 2},  {"Nice", 0, "060", "4", 1},       {"Nantes", 0, "440", "2", 1},
    {"Strasbourg", 0, "670", "3", 1}, {"Bordeaux", 0, "330", "5", 1},  {"Lille", 0, "590", "3", 1},
    {"Rennes", 0, "350", "2", 1},
};

static const gen_street fr_street[] = {
    {"rue de la République", 0}, {"rue Victor Hugo", 0},   {"avenue Jean Jaurès", 0},
    {"rue de la Paix", 0},       {"boulevard Voltaire", 0}, {"rue du Moulin", 0},
    {"place de la Mairie", 0},   {"rue des Écoles", 0},    {"avenue de la Gare", 0},
    {"rue Pasteur", 0},          {"rue Nationale", 0},     {"rue de l'Église", 0},
    {"chemin des Vignes", 0},
};

static const gen_domain fr_mail[] = {
    {"gmail.com", 35},  {"orange.fr", 14}, {"hotmail.fr", 13}, {"free.fr", 9},
    {"laposte.net", 7}, {"yahoo.fr", 7},   {"sfr.fr", 5},      {"outlook.fr", 5},
    {"wanadoo.fr", 3},  {"icloud.com", 2},
};

static const char *const fr_mobile[] = {"6", "7"};
static const char *const fr_regions[] = {"paris-1", "frankfurt-1", "amsterdam-1", "london-1"};
static const uint8_t fr_res[][2] = {{2, 2}, {78, 192}, {86, 200}, {89, 80}, {109, 10}, {176, 150}};
static const uint8_t fr_mob[][2] = {{37, 160}, {80, 12}, {92, 184}};
static const uint8_t fr_biz[] = {90, 212};

/* ---------------------------------------------------------------- Spain */

static const gen_name es_family[] = {
    {"García", 0, 0},    {"Rodríguez", 0, 0}, {"González", 0, 0}, {"Fernández", 0, 0},
    {"López", 0, 0},     {"Martínez", 0, 0},  {"Sánchez", 0, 0},  {"Pérez", 0, 0},
    {"Gómez", 0, 0},     {"Martín", 0, 0},    {"Jiménez", 0, 0},  {"Ruiz", 0, 0},
    {"Hernández", 0, 0}, {"Díaz", 0, 0},      {"Moreno", 0, 0},   {"Muñoz", 0, 0},
    {"Álvarez", 0, 0},   {"Romero", 0, 0},    {"Alonso", 0, 0},   {"Gutiérrez", 0, 0},
    {"Navarro", 0, 0},   {"Torres", 0, 0},    {"Domínguez", 0, 0}, {"Vázquez", 0, 0},
    {"Ramos", 0, 0},     {"Gil", 0, 0},       {"Ramírez", 0, 0},  {"Serrano", 0, 0},
    {"Blanco", 0, 0},    {"Molina", 0, 0},    {"Morales", 0, 0},  {"Suárez", 0, 0},
    {"Ortega", 0, 0},    {"Delgado", 0, 0},   {"Castro", 0, 0},   {"Ortiz", 0, 0},
    {"Rubio", 0, 0},     {"Marín", 0, 0},     {"Sanz", 0, 0},     {"Núñez", 0, 0},
    {"Iglesias", 0, 0},  {"Medina", 0, 0},    {"Garrido", 0, 0},  {"Cortés", 0, 0},
    {"Castillo", 0, 0},  {"Santos", 0, 0},    {"Lozano", 0, 0},   {"Guerrero", 0, 0},
    {"Cano", 0, 0},      {"Prieto", 0, 0},    {"Méndez", 0, 0},   {"Cruz", 0, 0},
    {"Calvo", 0, 0},     {"Gallego", 0, 0},   {"Vidal", 0, 0},    {"León", 0, 0},
    {"Márquez", 0, 0},   {"Herrera", 0, 0},   {"Peña", 0, 0},     {"Flores", 0, 0},
};

static const gen_name es_given_m[] = {
    {"Antonio", 0, 0},  {"José", 0, 0},     {"Manuel", 0, 0},   {"Francisco", 0, 0},
    {"David", 0, 0},    {"Juan", 0, 0},     {"Javier", 0, 0},   {"Daniel", 0, 0},
    {"Carlos", 0, 0},   {"Jesús", 0, 0},    {"Alejandro", 0, 0}, {"Miguel", 0, 0},
    {"Rafael", 0, 0},   {"Pablo", 0, 0},    {"Pedro", 0, 0},    {"Ángel", 0, 0},
    {"Sergio", 0, 0},   {"Fernando", 0, 0}, {"Jorge", 0, 0},    {"Luis", 0, 0},
    {"Alberto", 0, 0},  {"Álvaro", 0, 0},   {"Adrián", 0, 0},   {"Diego", 0, 0},
    {"Raúl", 0, 0},     {"Iván", 0, 0},     {"Rubén", 0, 0},    {"Enrique", 0, 0},
    {"Óscar", 0, 0},    {"Ramón", 0, 0},    {"Hugo", 0, 0},     {"Mario", 0, 0},
    {"Marcos", 0, 0},   {"Andrés", 0, 0},   {"Víctor", 0, 0},   {"Joaquín", 0, 0},
    {"Santiago", 0, 0}, {"Ignacio", 0, 0},  {"Alfonso", 0, 0},  {"Jaime", 0, 0},
    {"José Luis", 0, 0}, {"Juan Carlos", 0, 0},
};

static const gen_name es_given_f[] = {
    {"María", 0, 0},    {"Carmen", 0, 0},   {"Ana", 0, 0},      {"Isabel", 0, 0},
    {"Laura", 0, 0},    {"Cristina", 0, 0}, {"Marta", 0, 0},    {"Lucía", 0, 0},
    {"Pilar", 0, 0},    {"Elena", 0, 0},    {"Paula", 0, 0},    {"Sara", 0, 0},
    {"Rosa", 0, 0},     {"Raquel", 0, 0},   {"Manuela", 0, 0},  {"Dolores", 0, 0},
    {"Julia", 0, 0},    {"Teresa", 0, 0},   {"Irene", 0, 0},    {"Alba", 0, 0},
    {"Patricia", 0, 0}, {"Silvia", 0, 0},   {"Nuria", 0, 0},    {"Beatriz", 0, 0},
    {"Andrea", 0, 0},   {"Rocío", 0, 0},    {"Mónica", 0, 0},   {"Alicia", 0, 0},
    {"Sonia", 0, 0},    {"Marina", 0, 0},   {"Claudia", 0, 0},  {"Sofía", 0, 0},
    {"Inés", 0, 0},     {"Eva", 0, 0},      {"Natalia", 0, 0},  {"Carla", 0, 0},
    {"Lorena", 0, 0},   {"Noelia", 0, 0},   {"Verónica", 0, 0}, {"Susana", 0, 0},
    {"María José", 0, 0}, {"Ana Isabel", 0, 0},
};

static const gen_city es_city[] = {
    {"Madrid", 0, "280", "91", 4},    {"Barcelona", 0, "080", "93", 4}, {"Valencia", 0, "460", "96", 2},
    {"Sevilla", 0, "410", "95", 2},   {"Zaragoza", 0, "500", "976", 1}, {"Málaga", 0, "290", "952", 1},
    {"Bilbao", 0, "480", "94", 1},    {"Murcia", 0, "300", "968", 1},
};

static const gen_street es_street[] = {
    {"Calle Mayor", 0},         {"Calle Real", 0},          {"Avenida de la Constitución", 0},
    {"Gran Vía", 0},            {"Plaza de España", 0},     {"Calle San Juan", 0},
    {"Calle Nueva", 0},         {"Avenida de Andalucía", 0}, {"Calle del Carmen", 0},
    {"Paseo de la Castellana", 0}, {"Calle de Alcalá", 0},  {"Calle del Sol", 0},
};

static const gen_domain es_mail[] = {
    {"gmail.com", 50}, {"hotmail.es", 18}, {"yahoo.es", 8}, {"outlook.es", 10},
    {"icloud.com", 8}, {"telefonica.net", 3}, {"hotmail.com", 3},
};

static const char *const es_mobile[] = {"6", "6", "6", "7"};
static const char *const es_regions[] = {"madrid-1", "paris-1", "frankfurt-1", "amsterdam-1"};
static const uint8_t es_res[][2] = {{79, 108}, {80, 24}, {85, 48}, {87, 216}, {213, 60}, {139, 47}};
static const uint8_t es_mob[][2] = {{37, 222}, {176, 83}, {188, 77}};
static const uint8_t es_biz[] = {83, 88};

/* ---------------------------------------------------------------- Russia */

/* Masculine forms; the feminine adds "a" (Иванов, Иванова), which every name here allows. */
static const gen_name ru_family[] = {
    {"Ivanov", "Иванов", 0},       {"Smirnov", "Смирнов", 0},     {"Kuznetsov", "Кузнецов", 0},
    {"Popov", "Попов", 0},         {"Vasiliev", "Васильев", 0},   {"Petrov", "Петров", 0},
    {"Sokolov", "Соколов", 0},     {"Mikhailov", "Михайлов", 0},  {"Novikov", "Новиков", 0},
    {"Fedorov", "Фёдоров", 0},     {"Morozov", "Морозов", 0},     {"Volkov", "Волков", 0},
    {"Alekseev", "Алексеев", 0},   {"Lebedev", "Лебедев", 0},     {"Semenov", "Семёнов", 0},
    {"Egorov", "Егоров", 0},       {"Pavlov", "Павлов", 0},       {"Kozlov", "Козлов", 0},
    {"Stepanov", "Степанов", 0},   {"Nikolaev", "Николаев", 0},   {"Orlov", "Орлов", 0},
    {"Andreev", "Андреев", 0},     {"Makarov", "Макаров", 0},     {"Nikitin", "Никитин", 0},
    {"Zakharov", "Захаров", 0},    {"Zaitsev", "Зайцев", 0},      {"Solovyov", "Соловьёв", 0},
    {"Borisov", "Борисов", 0},     {"Yakovlev", "Яковлев", 0},    {"Grigoriev", "Григорьев", 0},
    {"Romanov", "Романов", 0},     {"Vorobyov", "Воробьёв", 0},   {"Sergeev", "Сергеев", 0},
    {"Kuzmin", "Кузьмин", 0},      {"Frolov", "Фролов", 0},       {"Aleksandrov", "Александров", 0},
    {"Dmitriev", "Дмитриев", 0},   {"Korolev", "Королёв", 0},     {"Gusev", "Гусев", 0},
    {"Kiselev", "Киселёв", 0},     {"Ilyin", "Ильин", 0},         {"Maksimov", "Максимов", 0},
    {"Polyakov", "Поляков", 0},    {"Sorokin", "Сорокин", 0},     {"Vinogradov", "Виноградов", 0},
    {"Kovalev", "Ковалёв", 0},     {"Belov", "Белов", 0},         {"Medvedev", "Медведев", 0},
    {"Antonov", "Антонов", 0},     {"Tarasov", "Тарасов", 0},     {"Zhukov", "Жуков", 0},
    {"Baranov", "Баранов", 0},     {"Filippov", "Филиппов", 0},   {"Komarov", "Комаров", 0},
    {"Davydov", "Давыдов", 0},     {"Belyaev", "Беляев", 0},      {"Gerasimov", "Герасимов", 0},
    {"Bogdanov", "Богданов", 0},   {"Osipov", "Осипов", 0},       {"Sidorov", "Сидоров", 0},
};

static const gen_name ru_given_m[] = {
    {"Aleksandr", "Александр", 0}, {"Sergey", "Сергей", 0},       {"Dmitry", "Дмитрий", 0},
    {"Andrey", "Андрей", 0},       {"Aleksey", "Алексей", 0},     {"Maksim", "Максим", 0},
    {"Evgeny", "Евгений", 0},      {"Ivan", "Иван", 0},           {"Mikhail", "Михаил", 0},
    {"Artem", "Артём", 0},         {"Nikolay", "Николай", 0},     {"Vladimir", "Владимир", 0},
    {"Denis", "Денис", 0},         {"Pavel", "Павел", 0},         {"Roman", "Роман", 0},
    {"Igor", "Игорь", 0},          {"Oleg", "Олег", 0},           {"Anton", "Антон", 0},
    {"Nikita", "Никита", 0},       {"Viktor", "Виктор", 0},       {"Yuri", "Юрий", 0},
    {"Ilya", "Илья", 0},           {"Kirill", "Кирилл", 0},       {"Vadim", "Вадим", 0},
    {"Egor", "Егор", 0},           {"Konstantin", "Константин", 0}, {"Grigory", "Григорий", 0},
    {"Timur", "Тимур", 0},         {"Stepan", "Степан", 0},       {"Fedor", "Фёдор", 0},
};

static const gen_name ru_given_f[] = {
    {"Elena", "Елена", 0},         {"Olga", "Ольга", 0},          {"Natalya", "Наталья", 0},
    {"Ekaterina", "Екатерина", 0}, {"Anna", "Анна", 0},           {"Tatyana", "Татьяна", 0},
    {"Maria", "Мария", 0},         {"Irina", "Ирина", 0},         {"Svetlana", "Светлана", 0},
    {"Yulia", "Юлия", 0},          {"Anastasia", "Анастасия", 0}, {"Marina", "Марина", 0},
    {"Darya", "Дарья", 0},         {"Lyudmila", "Людмила", 0},    {"Alina", "Алина", 0},
    {"Ksenia", "Ксения", 0},       {"Viktoria", "Виктория", 0},   {"Polina", "Полина", 0},
    {"Galina", "Галина", 0},       {"Nadezhda", "Надежда", 0},    {"Vera", "Вера", 0},
    {"Lyubov", "Любовь", 0},       {"Kristina", "Кристина", 0},   {"Valentina", "Валентина", 0},
    {"Sofya", "Софья", 0},         {"Alyona", "Алёна", 0},        {"Evgenia", "Евгения", 0},
    {"Oksana", "Оксана", 0},       {"Veronika", "Вероника", 0},   {"Elizaveta", "Елизавета", 0},
};

static const gen_city ru_city[] = {
    {"Moscow", "Москва", "1", "495", 5},           {"Saint Petersburg", "Санкт-Петербург", "19", "812", 3},
    {"Novosibirsk", "Новосибирск", "630", "383", 1}, {"Yekaterinburg", "Екатеринбург", "620", "343", 1},
    {"Kazan", "Казань", "420", "843", 1},          {"Nizhny Novgorod", "Нижний Новгород", "603", "831", 1},
};

static const gen_street ru_street[] = {
    {"ul. Lenina", "ул. Ленина"},           {"ul. Pushkina", "ул. Пушкина"},
    {"ul. Sovetskaya", "ул. Советская"},    {"ul. Gagarina", "ул. Гагарина"},
    {"ul. Molodezhnaya", "ул. Молодёжная"}, {"ul. Tsentralnaya", "ул. Центральная"},
    {"ul. Shkolnaya", "ул. Школьная"},      {"ul. Mira", "ул. Мира"},
    {"ul. Sadovaya", "ул. Садовая"},        {"ul. Lesnaya", "ул. Лесная"},
    {"ul. Tverskaya", "ул. Тверская"},      {"Nevsky pr.", "Невский пр."},
};

static const gen_domain ru_mail[] = {
    {"mail.ru", 34}, {"yandex.ru", 30}, {"gmail.com", 20}, {"rambler.ru", 5},
    {"bk.ru", 4},    {"inbox.ru", 4},   {"list.ru", 3},
};

static const char *const ru_mobile[] = {"91", "92", "95", "96", "98", "99", "90"};
static const char *const ru_regions[] = {"frankfurt-1", "amsterdam-1", "warsaw-1", "stockholm-1"};
static const uint8_t ru_res[][2] = {{5, 18}, {46, 39}, {78, 25}, {94, 25}, {176, 59}, {188, 162},
                                    {109, 252}};
static const uint8_t ru_mob[][2] = {{31, 173}, {85, 140}, {176, 14}};
static const uint8_t ru_biz[] = {77, 95};

/* ---------------------------------------------------------------- the locale table */

#define LISTS(p)                                                                                   \
    .family = p##_family, .n_family = N(p##_family), .given_m = p##_given_m,                       \
    .n_given_m = N(p##_given_m), .given_f = p##_given_f, .n_given_f = N(p##_given_f),               \
    .city = p##_city, .n_city = N(p##_city), .street = p##_street, .n_street = N(p##_street),      \
    .freemail = p##_mail, .n_freemail = N(p##_mail), .region = p##_regions,                        \
    .n_region = N(p##_regions), .res = p##_res, .n_res = N(p##_res), .mob = p##_mob,               \
    .n_mob = N(p##_mob), .biz = p##_biz, .n_biz = N(p##_biz)

static const gen_locale locales[GL_COUNT] = {
    [GL_JP] = {.code = "jp", .country = "JP", .calling = "81", .trunk = "0", .currency = "JPY",
               .per_usd = 150, .decimals = 0, .script = GS_CJK, .addr = GA_JP,
               .native_share = 0.40, .kana_share = 0.12, LISTS(jp), .corp_tld = ".co.jp",
               .edu_fmt = "*-u.ac.jp", .mobile_prefix = jp_mobile, .n_mobile_prefix = N(jp_mobile),
               .mobile_len = 10, .mobile_trunk = 1, .group = "244", .land_len = 9,
               .v6 = "2400:4050"},
    [GL_CN] = {.code = "cn", .country = "CN", .calling = "86", .trunk = "0", .currency = "CNY",
               .per_usd = 7.2, .decimals = 2, .script = GS_CJK, .addr = GA_CN,
               .native_share = 0.45, LISTS(cn), .corp_tld = ".com.cn", .edu_fmt = "*.edu.cn",
               .mobile_prefix = cn_mobile, .n_mobile_prefix = N(cn_mobile), .mobile_len = 11,
               .mobile_trunk = 0, .group = "344", .land_len = 10, .v6 = "240e:38"},
    [GL_KR] = {.code = "kr", .country = "KR", .calling = "82", .trunk = "0", .currency = "KRW",
               .per_usd = 1350, .decimals = 0, .script = GS_CJK, .addr = GA_KR,
               .native_share = 0.45, LISTS(kr), .corp_tld = ".co.kr", .edu_fmt = "*.ac.kr",
               .mobile_prefix = kr_mobile, .n_mobile_prefix = N(kr_mobile), .mobile_len = 10,
               .mobile_trunk = 1, .group = "244", .land_len = 9, .v6 = "2001:2d8"},
    [GL_US] = {.code = "us", .country = "US", .calling = "1", .trunk = "1", .currency = "USD",
               .per_usd = 1, .decimals = 2, .script = GS_LATIN, .addr = GA_US, LISTS(us),
               .corp_tld = ".com", .edu_fmt = "*.edu", .mobile_prefix = 0, .n_mobile_prefix = 0,
               .mobile_len = 10, .mobile_trunk = 0, .group = "334", .land_len = 10,
               .v6 = "2600:1700"},
    [GL_GB] = {.code = "gb", .country = "GB", .calling = "44", .trunk = "0", .currency = "GBP",
               .per_usd = 0.79, .decimals = 2, .script = GS_LATIN, .addr = GA_GB, LISTS(gb),
               .corp_tld = ".co.uk", .edu_fmt = "*.ac.uk", .mobile_prefix = gb_mobile,
               .n_mobile_prefix = N(gb_mobile), .mobile_len = 10, .mobile_trunk = 1,
               .group = "46", .land_len = 10, .v6 = "2a00:23c6"},
    [GL_DE] = {.code = "de", .country = "DE", .calling = "49", .trunk = "0", .currency = "EUR",
               .per_usd = 0.92, .decimals = 2, .script = GS_LATIN, .addr = GA_DE, LISTS(de),
               .corp_tld = ".de", .edu_fmt = "uni-*.de", .mobile_prefix = de_mobile,
               .n_mobile_prefix = N(de_mobile), .mobile_len = 10, .mobile_trunk = 1,
               .group = "37", .land_len = 10, .v6 = "2003:e4"},
    [GL_FR] = {.code = "fr", .country = "FR", .calling = "33", .trunk = "0", .currency = "EUR",
               .per_usd = 0.92, .decimals = 2, .script = GS_LATIN, .addr = GA_FR, LISTS(fr),
               .corp_tld = ".fr", .edu_fmt = "univ-*.fr", .mobile_prefix = fr_mobile,
               .n_mobile_prefix = N(fr_mobile), .mobile_len = 9, .mobile_trunk = 1,
               .group = "12222", .land_len = 9, .v6 = "2a01:cb00"},
    [GL_ES] = {.code = "es", .country = "ES", .calling = "34", .trunk = "", .currency = "EUR",
               .per_usd = 0.92, .decimals = 2, .script = GS_LATIN, .addr = GA_ES,
               .two_surnames = 1, LISTS(es), .corp_tld = ".es", .edu_fmt = "u*.es",
               .mobile_prefix = es_mobile, .n_mobile_prefix = N(es_mobile), .mobile_len = 9,
               .mobile_trunk = 0, .group = "333", .land_len = 9, .v6 = "2a0c:5a80"},
    [GL_RU] = {.code = "ru", .country = "RU", .calling = "7", .trunk = "8", .currency = "RUB",
               .per_usd = 90, .decimals = 2, .script = GS_CYRILLIC, .addr = GA_RU,
               .native_share = 0.35, .fem_suffix = 1, LISTS(ru), .corp_tld = ".ru",
               .edu_fmt = "*-univ.ru", .mobile_prefix = ru_mobile, .n_mobile_prefix = N(ru_mobile),
               .mobile_len = 10, .mobile_trunk = 1, .group = "3322", .land_len = 10,
               .v6 = "2a00:1370"},
};

const gen_locale *gen_locale_get(int id)
{
    return &locales[id];
}

/* ---------------------------------------------------------------- shared data */

/* Throwaway mailbox services; every one is in src/normalize/data/disposable_domains.txt
 * (checked by a test). */
const gen_domain gen_disposable_domains[] = {
    {"mailinator.com", 20}, {"guerrillamail.com", 12}, {"10minutemail.com", 10},
    {"temp-mail.org", 10},  {"yopmail.com", 12},       {"sharklasers.com", 5},
    {"trashmail.com", 6},   {"dispostable.com", 4},    {"maildrop.cc", 6},
    {"getnada.com", 5},     {"mailnesia.com", 3},      {"throwawaymail.com", 4},
    {"fakeinbox.com", 3},
};
const size_t gen_n_disposable_domains = N(gen_disposable_domains);

const char *const gen_regions_all[] = {
    "tokyo-1",     "tokyo-2",    "osaka-1",   "seoul-1",    "hongkong-1",  "singapore-1",
    "sydney-1",    "mumbai-1",   "frankfurt-1", "amsterdam-1", "london-1",  "paris-1",
    "madrid-1",    "stockholm-1", "warsaw-1", "newyork-1",  "virginia-1",  "dallas-1",
    "sanjose-1",   "seattle-1",  "toronto-1", "saopaulo-1",
};
const size_t gen_n_regions_all = N(gen_regions_all);

const char *const gen_jp_regions[] = {"tokyo-1", "tokyo-2", "osaka-1"};
const size_t gen_n_jp_regions = N(gen_jp_regions);

const uint8_t gen_hosting_nets[][2] = {{45, 76},   {91, 121},  {185, 220}, {193, 233},
                                       {194, 87},  {195, 154}, {51, 15},   {104, 248},
                                       {139, 162}, {142, 93},  {159, 89},  {167, 71}};
const size_t gen_n_hosting_nets = N(gen_hosting_nets);

const uint8_t gen_vpn_nets[][2] = {{89, 187}, {146, 70}, {185, 159}, {198, 54}, {37, 120},
                                   {156, 146}};
const size_t gen_n_vpn_nets = N(gen_vpn_nets);

const char *const gen_vpn_countries[] = {"NL", "US", "DE", "GB", "SE", "CH",
                                         "JP", "SG", "RO", "CA", "FR", "ES"};
const size_t gen_n_vpn_countries = N(gen_vpn_countries);

const char *const gen_syllables[] = {
    "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so", "ta", "chi", "tsu", "te",
    "to", "na", "ni", "nu", "ne", "no", "ha", "hi", "fu", "he", "ho", "ma", "mi", "mu",
    "me", "mo", "ya", "yu", "yo", "ra", "ri", "ru", "re", "ro", "wa", "ga", "gi", "gu",
    "ge", "go", "za", "ji", "zu", "ze", "zo", "da", "de", "do", "ba", "bi", "bu", "be",
    "bo", "pa", "pi", "pu", "pe", "po", "lan", "mer", "tor", "vin",
};
const size_t gen_n_syllables = N(gen_syllables);

const char *const gen_corp_suffix[] = {"systems", "labs",  "tech",   "soft",   "works", "data",
                                       "net",     "cloud", "digital", "group", "media", "logic"};
const size_t gen_n_corp_suffix = N(gen_corp_suffix);

const gen_plan gen_plans[] = {
    {"vps-1c-1g", 5, 30},      {"vps-1c-2g", 10, 25},      {"vps-2c-4g", 20, 18},
    {"vps-4c-8g", 40, 10},     {"vps-8c-16g", 80, 5},      {"vps-16c-32g", 160, 2},
    {"dedicated-e2388g", 120, 3}, {"dedicated-epyc-7443p", 300, 2}, {"gpu-l4", 400, 1.5},
    {"gpu-a100", 1200, 0.8},   {"storage-1t", 12, 3},
};
const size_t gen_n_plans = N(gen_plans);
/* clang-format on */
