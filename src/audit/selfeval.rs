//! Ministry of Finance self-evaluation sheets (项目支出 / 部门整体支出绩效自评表).

use crate::model::Table;

use super::Recorder;

pub fn check(table: &Table, rec: &mut Recorder) {
    let _ = (table, rec);
}
