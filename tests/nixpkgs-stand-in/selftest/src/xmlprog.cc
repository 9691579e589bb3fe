#include <libxml/parser.h>
#include <iostream>
#include <string>
int main() {
    LIBXML_TEST_VERSION
    xmlDocPtr doc = xmlReadMemory("<a>hi</a>", 9, "x.xml", nullptr, 0);
    std::string s = doc ? "parsed" : "failed";
    std::cout << s << std::endl;
    if (doc) xmlFreeDoc(doc);
    xmlCleanupParser();
    return doc ? 0 : 1;
}
