use super::*;

fn cell(t: &str) -> Figure {
    match parse_cell(t, None) {
        Some(f) => f,
        None => panic!("{t:?} should be a figure"),
    }
}

fn one(text: &str) -> Figure {
    let v = scan_text(text);
    assert_eq!(v.len(), 1, "{text:?} → {v:?}");
    v.into_iter().next().unwrap_or_else(|| unreachable!())
}

fn texts(text: &str) -> Vec<String> {
    scan_text(text).into_iter().map(|f| f.text).collect()
}

#[test]
fn thousands_separators() {
    let f = cell("1,848.26");
    assert_eq!(f.kind, FigureKind::Number);
    assert_eq!(f.value, Some(1848.26));
    assert_eq!(f.decimals, 2);
}

#[test]
fn amount_in_wan_yuan() {
    let f = cell("356.218万元");
    assert_eq!(f.kind, FigureKind::Amount);
    assert_eq!(f.value, Some(356.218));
    assert_eq!(f.unit.as_deref(), Some("万元"));
    assert_eq!(f.value_yuan, Some(3_562_180.0));
    assert_eq!(f.decimals, 3);
}

#[test]
fn space_before_unit() {
    let f = cell("5,024.67 万元");
    assert_eq!(f.kind, FigureKind::Amount);
    assert_eq!(f.value, Some(5024.67));
    assert_eq!(f.value_yuan, Some(50_246_700.0));
    assert_eq!(f.text, "5,024.67 万元");
}

#[test]
fn yi_wan_and_yuan() {
    let f = cell("1.25亿元");
    assert_eq!(f.unit.as_deref(), Some("亿元"));
    assert_eq!(f.value, Some(1.25));
    assert_eq!(f.value_yuan, Some(125_000_000.0));
    let f = cell("3,500元");
    assert_eq!(f.unit.as_deref(), Some("元"));
    assert_eq!(f.value_yuan, Some(3500.0));
    let f = cell("12.5 千元");
    assert_eq!(f.value_yuan, Some(12_500.0));
}

#[test]
fn table_unit_applies_to_bare_numbers() {
    let f = parse_cell("1668.64", Some("万元")).unwrap_or_else(|| unreachable!());
    assert_eq!(f.kind, FigureKind::Amount);
    assert_eq!(f.unit.as_deref(), Some("万元"));
    assert_eq!(f.value_yuan, Some(16_686_400.0));
    // A unit written in the cell wins.
    let f = parse_cell("95%", Some("万元")).unwrap_or_else(|| unreachable!());
    assert_eq!(f.kind, FigureKind::Percent);
    let f = parse_cell("8", Some("分")).unwrap_or_else(|| unreachable!());
    assert_eq!(f.kind, FigureKind::Score);
    let f = parse_cell("12", Some("个")).unwrap_or_else(|| unreachable!());
    assert_eq!(f.kind, FigureKind::Count);
}

#[test]
fn negatives_as_accounts_print_them() {
    for (t, v) in [
        ("(1,234.56)", -1234.56),
        ("（126.45）", -126.45),
        ("( 16.82 )", -16.82),
        ("(3,216,973)", -3_216_973.0),
        ("△126.45", -126.45),
        ("△3", -3.0),
    ] {
        let f = parse_cell(t, Some("万元")).unwrap_or_else(|| panic!("{t}"));
        assert_eq!(f.value, Some(v), "{t}");
        assert_eq!(f.kind, FigureKind::Amount, "{t}");
        assert_eq!(f.text, t);
    }
    assert_eq!(
        parse_cell("(126.45)", Some("万元")).and_then(|f| f.value_yuan),
        Some(-1_264_500.0)
    );
    // In a table of 元, whole amounts in brackets too; not a year.
    assert_eq!(
        parse_cell("(55154)", Some("元")).and_then(|f| f.value),
        Some(-55154.0)
    );
    assert!(parse_cell("(2024)", Some("元")).is_none_or(|f| f.value.is_none_or(|v| v >= 0.0)));
    assert!(parse_cell("(12)", Some("元")).is_none_or(|f| f.value.is_none_or(|v| v >= 0.0)));
    // An item's number, points, a year, a code: not negatives.
    for t in [
        "(3)",
        "（12.5）",
        "(2024)",
        "(201)",
        "△",
        "(1,23.45)",
        "(12.345)",
    ] {
        assert!(
            parse_cell(t, Some("万元")).is_none_or(|f| f.value.is_none_or(|v| v >= 0.0)),
            "{t}"
        );
    }
}

#[test]
fn percentages() {
    let f = cell("87.35%");
    assert_eq!(f.kind, FigureKind::Percent);
    assert_eq!(f.value, Some(87.35));
    assert_eq!(f.unit.as_deref(), Some("%"));
    assert_eq!(f.decimals, 2);
    let f = cell("95％");
    assert_eq!(f.kind, FigureKind::Percent);
    assert_eq!(f.value, Some(95.0));
    let f = cell("-15.24%");
    assert_eq!(f.value, Some(-15.24));
    assert_eq!(f.kind, FigureKind::Percent);
    assert_eq!(cell("100.00%").decimals, 2);
}

#[test]
fn comparators() {
    let f = cell("≥150万元");
    assert_eq!(f.comparator, Some(Comparator::Ge));
    assert_eq!(f.kind, FigureKind::Amount);
    assert_eq!(f.value, Some(150.0));
    let f = cell("≤100%");
    assert_eq!(f.comparator, Some(Comparator::Le));
    assert_eq!(f.kind, FigureKind::Percent);
    let f = cell("=0%");
    assert_eq!(f.comparator, Some(Comparator::Eq));
    assert_eq!(f.value, Some(0.0));
    let f = cell("≥25个");
    assert_eq!(f.comparator, Some(Comparator::Ge));
    assert_eq!(f.kind, FigureKind::Count);
    assert_eq!(f.unit.as_deref(), Some("个"));
    assert_eq!(cell("＞90%").comparator, Some(Comparator::Gt));
    assert_eq!(cell("<5%").comparator, Some(Comparator::Lt));
    assert_eq!(cell(">=80分").comparator, Some(Comparator::Ge));
    assert_eq!(cell("不低于95%").comparator, Some(Comparator::Ge));
    assert_eq!(cell("90%以上").comparator, Some(Comparator::Ge));
    assert_eq!(cell("≥ -5%").value, Some(-5.0));
}

#[test]
fn amounts_and_rates_written_as_about_so_much() {
    for t in [
        "支出约300万元",
        "大约300万元",
        "近500万元",
        "将近500万元",
        "逾300万元",
        "支出300余万元",
        "支出300多万元",
        "支出300万元左右",
        "执行率近95%",
        "≈300万元",
    ] {
        let f = one(t);
        assert_eq!(f.comparator, Some(Comparator::About), "{t}");
        assert!(
            f.value == Some(300.0) || f.value == Some(500.0) || f.value == Some(95.0),
            "{t}"
        );
    }
    // The 约 / 近 of another word, and an "about" of what no check reads.
    for t in [
        "节约300万元",
        "制约300万元",
        "最近300万元",
        "附近3公里",
        "近3次",
    ] {
        let f = one(t);
        assert_eq!(f.comparator, None, "{t}");
        assert!(!f.text.starts_with(['约', '近']), "{t}: {}", f.text);
    }
    assert!(
        scan_text("近3年共支出")
            .iter()
            .all(|f| f.comparator.is_none())
    );
    assert_eq!(one("节约资金约20万元").comparator, Some(Comparator::About));
    assert_eq!(one("接近100%").comparator, Some(Comparator::About));
}

#[test]
fn counts_with_measure_words() {
    for (t, u) in [
        ("12个", "个"),
        ("3 件", "件"),
        ("37 人", "人"),
        ("5台", "台"),
        ("8家", "家"),
        ("20次", "次"),
        ("6条", "条"),
        ("2起", "起"),
        ("120座次", "座次"),
        ("5辆", "辆"),
        ("11项", "项"),
        ("3批", "批"),
        ("3 宗", "宗"),
        ("40户", "户"),
        ("2所", "所"),
        ("4场", "场"),
        ("15篇", "篇"),
        ("300份", "份"),
        ("200本", "本"),
        ("56.3亩", "亩"),
        ("12.5公里", "公里"),
        ("3000平方米", "平方米"),
        ("39 名", "名"),
        ("1500人次", "人次"),
        ("46批次", "批次"),
        ("1.2万人", "万人"),
        ("32微克/立方米", "微克/立方米"),
        ("36 微克／立方米", "微克／立方米"),
        ("0.5毫克/升", "毫克/升"),
    ] {
        let f = cell(t);
        assert_eq!(f.kind, FigureKind::Count, "{t}");
        assert_eq!(f.unit.as_deref(), Some(u), "{t}");
    }
}

#[test]
fn scores() {
    let f = cell("93 分");
    assert_eq!(f.kind, FigureKind::Score);
    assert_eq!(f.value, Some(93.0));
    assert_eq!(f.unit.as_deref(), Some("分"));
    assert_eq!(cell("0.5分").decimals, 1);
    assert_eq!(one("自评得分93.5分。").kind, FigureKind::Score);
    // 十分 is "very"; 三分之一 is a fraction; 分别 is "respectively".
    assert!(scan_text("工作十分重要").is_empty());
    assert!(scan_text("占三分之一").is_empty());
}

#[test]
fn full_width_digits() {
    // Typed wholly in full width, the full-width comma groups thousands.
    let f = cell("１，２３４");
    assert_eq!(f.value, Some(1234.0));
    assert_eq!(cell("１２３４").value, Some(1234.0));
    // After ASCII digits "，" is a list comma: two numbers, not one cell.
    assert!(parse_cell("1，234", None).is_none());
    let f = cell("１２３．４５万元");
    assert_eq!(f.value, Some(123.45));
    assert_eq!(f.decimals, 2);
    assert_eq!(f.unit.as_deref(), Some("万元"));
    assert_eq!(cell("９５％").value, Some(95.0));
}

#[test]
fn chinese_numerals_in_text() {
    let f = one("项目总投资三千二百万元。");
    assert_eq!(f.kind, FigureKind::Amount);
    assert_eq!(f.text, "三千二百万元");
    assert_eq!(f.value_yuan, Some(32_000_000.0));
    let f = one("完成率达到百分之八十。");
    assert_eq!(f.kind, FigureKind::Percent);
    assert_eq!(f.value, Some(80.0));
    assert_eq!(f.text, "百分之八十");
    let f = one("共有十二个科室");
    assert_eq!(f.kind, FigureKind::Count);
    assert_eq!(f.value, Some(12.0));
    assert_eq!(one("两项").value, Some(2.0));
    assert_eq!(chinese_number("一百零五"), Some(105.0));
    assert_eq!(chinese_number("〇"), Some(0.0));
    // Words made of numerals are not figures.
    assert!(scan_text("一是加强管理，十四五规划，统一部署，三公经费").is_empty());
    assert!(scan_text("形成一个整体").is_empty());
}

#[test]
fn placeholders_are_null() {
    for t in ["", "-", "—", "——", "/", "－", " - "] {
        let f = parse_cell(t, Some("万元")).unwrap_or_else(|| unreachable!());
        assert_eq!(f.kind, FigureKind::Placeholder, "{t:?}");
        assert_eq!(f.value, None);
    }
}

#[test]
fn non_figures_in_cells() {
    for t in [
        "2024 年",
        "2024年度",
        "C22021 年新增违法用地管控工作",
        "A11",
        "苏编办复〔2019〕124号",
        "表 1-2",
        "第3页",
        "2022年11月30日",
        "025-83612345",
        "1、",
        "（1）",
        "(1)",
        "一",
        "（一）",
        "完成率达到95%",
        "10-20",
        "1.2.3",
    ] {
        assert!(parse_cell(t, None).is_none(), "{t:?} is not a figure");
    }
}

#[test]
fn non_figures_in_text() {
    for t in [
        "2024 年",
        "2024年度",
        "C22021 年新增违法用地管控工作",
        "A11",
        "苏编办复〔2019〕124号",
        "详见表 1-2",
        "见第3页",
        "2022年11月30日",
        "2024-05-01发布",
        "联系电话：025-83612345",
        "手机 13912345678",
        "1、加强管理",
        "（1）制度建设",
        "1. 概况",
        "2021-2025年",
        "1-6月",
        "5G网络",
        "上午10:30",
        "附件2",
        "按照第三条规定",
        "具体情况如下表 1-1、1-2、1-3：",
        "“6·25”土地日宣传",
    ] {
        let found = scan_text(t);
        assert!(found.is_empty(), "{t:?} → {found:?}");
    }
}

#[test]
fn counts_of_nouns_ending_in_a_label_word() {
    // 问卷, 调查表, 图纸: 卷 / 表 / 图 end the noun; the measure word makes the
    // number a count of it, while "表 1-2" and "卷3" stay labels.
    for (t, want) in [
        ("共发放问卷500份", "500份"),
        ("回收调查表 482 份", "482 份"),
        ("交付设计图 36 张", "36 张"),
    ] {
        let got: Vec<String> = scan_text(t).into_iter().map(|f| f.text).collect();
        assert_eq!(got, [want], "{t:?}");
    }
    assert!(scan_text("详见卷3").is_empty());
}

#[test]
fn prose_sentence() {
    let text = "2024 年市执法局财政年初预算总额为 5,024.67 万元，其中部门预算为 4,438.80 万元，\
                预算执行率为100.00%，下设 7 个科室。";
    let v = scan_text(text);
    let got: Vec<&str> = v.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(got, ["5,024.67 万元", "4,438.80 万元", "100.00%", "7 个"]);
    // Offsets are char offsets of the written text.
    let chars: Vec<char> = text.chars().collect();
    for f in &v {
        let at = f.offset.unwrap_or(usize::MAX);
        let s: String = chars[at..at + f.text.chars().count()].iter().collect();
        assert_eq!(s, f.text);
    }
    assert_eq!(v[0].value_yuan, Some(50_246_700.0));
}

#[test]
fn prose_negative_and_ranges() {
    assert_eq!(one("同比增长-15.24%").value, Some(-15.24));
    // After a unit the dash is a range, not a sign.
    let v = scan_text("补助10万元-20万元");
    assert_eq!(
        v.iter().map(|f| f.value).collect::<Vec<_>>(),
        [Some(10.0), Some(20.0)]
    );
    let v = scan_text("区间为90%-100%");
    assert_eq!(v.len(), 2);
    assert_eq!(v[1].value, Some(100.0));
    let v = scan_text("补助10-20万元");
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].unit.as_deref(), Some("万元"));
    assert_eq!(texts("结余 0 万元"), ["0 万元"]);
    assert_eq!(texts("3000余万元"), ["3000余万元"]);
    assert_eq!(texts("提高2.5个百分点"), ["2.5个百分点"]);
    // After a skipped reference, a following amount is still a figure.
    assert_eq!(texts("见表 1-1、1.5万元"), ["1.5万元"]);
}

#[test]
fn unit_declarations() {
    assert_eq!(unit_in("单位：万元").as_deref(), Some("万元"));
    assert_eq!(unit_in("（单位：万元）").as_deref(), Some("万元"));
    assert_eq!(unit_in("金额单位: 元").as_deref(), Some("元"));
    assert_eq!(unit_in("支出情况（万元）").as_deref(), Some("万元"));
    assert_eq!(
        unit_in("表 1-1 收入预决算情况表（单位：万元）").as_deref(),
        Some("万元")
    );
    assert_eq!(unit_in("单位：人民币亿元").as_deref(), Some("亿元"));
    // 万元 printed without its 元.
    assert_eq!(unit_in("单位：万").as_deref(), Some("万元"));
    assert_eq!(unit_in("单位: 万 ").as_deref(), Some("万元"));
    assert_eq!(unit_in("预算数（万）").as_deref(), Some("万元"));
    assert_eq!(unit_in("单位：万人").as_deref(), Some("万人"));
    assert_eq!(unit_in("（万人次）"), None);
    assert_eq!(unit_in("单位：个").as_deref(), Some("个"));
    assert_eq!(unit_in("执行率（%）"), None);
    assert_eq!(unit_in("单位：%").as_deref(), Some("%"));
    assert_eq!(unit_in("年度预算（元）").as_deref(), Some("元"));
    assert_eq!(unit_in("项目名称"), None);
    assert_eq!(unit_in("单位名称"), None);
    assert_eq!(unit_in("（一）单位概况"), None);
}

#[test]
fn hostile_strings_do_not_panic() {
    for t in [
        "9".repeat(400),
        format!("0.{}", "1".repeat(400)),
        "亿".repeat(500),
        "一".repeat(500),
        "≥".repeat(50),
        "-".repeat(10) + "5",
        "百分之".to_string(),
        "1,".to_string(),
        "，,.．".to_string(),
    ] {
        let _ = parse_cell(&t, Some("万元"));
        let _ = scan_text(&t);
        let _ = unit_in(&t);
        let _ = chinese_number(&t);
    }
    assert!(parse_cell(&"9".repeat(400), None).is_none());
}

#[test]
fn money_after_a_word_ending_in_kuan() {
    // 罚款 / 拨款 end in 款, which before a bare number labels it (条款 3).
    let f = scan_text("其中罚款 80.00 万元，财政拨款12.5万元，条款 3 规定。");
    let v: Vec<f64> = f.iter().filter_map(|x| x.value).collect();
    assert_eq!(v, vec![80.0, 12.5], "{f:?}");
}

#[test]
fn bare_wan_after_a_money_word_is_wan_yuan() {
    let figs = scan_text("项目年初预算300万，全年实际支出共计280万，受益群众5万，资金为 12.5万。");
    assert_eq!(
        texts_and_units(&figs),
        [
            ("300万", Some("万元")),
            ("280万", Some("万元")),
            ("5万", Some("万")),
            ("12.5万", Some("万元")),
        ]
    );
    assert_eq!(figs[0].value_yuan, Some(3_000_000.0));
    assert_eq!(figs[2].value_yuan, None);
    // A 款 before it is a money word, not a clause number (第3款).
    let figs = scan_text("偿付欠款2,853万、利息7,788,690元，拨款 300万；依据第3款。");
    assert_eq!(
        texts_and_units(&figs),
        [
            ("2,853万", Some("万元")),
            ("7,788,690元", Some("元")),
            ("300万", Some("万元")),
        ]
    );
}

/// Each figure's text with its unit.
fn texts_and_units(figs: &[Figure]) -> Vec<(&str, Option<&str>)> {
    figs.iter()
        .map(|f| (f.text.as_str(), f.unit.as_deref()))
        .collect()
}

#[test]
fn bare_wan_in_a_sentence_of_wan_yuan_is_wan_yuan() {
    let units: Vec<(String, Option<String>)> = scan_text(
        "项目总预算1410.00万，其中支持品牌340.00万，支持商业80.00万元，合计1410.00万。受益群众5万，服务企业3万。",
    )
    .into_iter()
    .map(|f| (f.text, f.unit))
    .collect();
    let wan_yuan = |t: &str| (t.to_string(), Some("万元".to_string()));
    assert_eq!(
        units,
        [
            wan_yuan("1410.00万"),
            wan_yuan("340.00万"),
            wan_yuan("80.00万元"),
            wan_yuan("1410.00万"),
            ("5万".to_string(), Some("万".to_string())),
            ("3万".to_string(), Some("万".to_string())),
        ]
    );
}

#[test]
fn a_money_unit_with_a_space_inside() {
    let figs = scan_text("其中一般公共预算收入21,940.96 万 元，占99.94%；其他 1 亿　元。");
    let got: Vec<(&str, Option<&str>)> = figs
        .iter()
        .map(|f| (f.text.as_str(), f.unit.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("21,940.96 万 元", Some("万元")),
            ("99.94%", Some("%")),
            ("1 亿　元", Some("亿元")),
        ]
    );
}

#[test]
fn bare_wan_of_a_change_of_money_is_wan_yuan() {
    let units =
        |t: &str| -> Vec<Option<String>> { scan_text(t).into_iter().map(|f| f.unit).collect() };
    let wy = || Some("万元".to_string());
    assert_eq!(
        units("预算总计1685.72万。与上年相比增加1557.29万，增长1312.56%。"),
        [wy(), wy(), Some("%".to_string())]
    );
    assert_eq!(
        units("公务接待费156.55万，占26.72%。"),
        [wy(), Some("%".to_string())]
    );
    assert_eq!(
        units(
            "其他司法支出（99项）3845.49万。2025年当年预算执行数为43269.3万，2026年预算安排3845.49万。"
        ),
        [Some("项".to_string()), wy(), wy(), wy()]
    );
    assert_eq!(
        units("收入6032.55万，比 2016 年增加 3401.59 万。财政拨款收入支出总计增加 1193.20 万。"),
        [wy(), wy(), wy()]
    );
    assert_eq!(
        units("收、支预算总计24458.43万，与上年相比收、支预算总计各增加3608.98万。"),
        [wy(), wy()]
    );
    assert_eq!(
        units(
            "收 入 、 支 出 预 算 总 计\n24,169.74 万，与上年相比收、支预算总计各增加 2214.39 万"
        ),
        [wy(), wy()]
    );
    assert_eq!(
        units(
            "总预算 24,169.74 万。与上年相比，财政拨款收、支总计各增加 2228.78 万，增长 10.15 %。"
        ),
        [wy(), wy(), Some("%".to_string())]
    );
    // A change with a subject of its own, or of a count, stays a multiplier.
    let wan = || Some("万".to_string());
    assert_eq!(units("资金300万元。参保人数增加5万。"), [wy(), wan()]);
    assert_eq!(units("受益群众5万，比上年增加1万。"), [wan(), wan()]);
}
