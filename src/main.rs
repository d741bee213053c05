fn main() {
    println!("jixiao");
}
