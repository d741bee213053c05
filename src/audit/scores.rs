//! placeholder
use super::Recorder;
pub fn is_score_sheet(_g: &super::grid::Grid) -> bool {
    false
}
pub fn check(_g: &super::grid::Grid, _rec: &mut Recorder) {}
