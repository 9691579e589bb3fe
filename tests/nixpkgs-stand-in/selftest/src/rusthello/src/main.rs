fn main() {
    println!("hello from the stand-in rustPlatform");
}
