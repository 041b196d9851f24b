package ehfio

import "encoding/xml"

// The UBL 2.1 Invoice elements that an EHF (Peppol BIS Billing 3.0)
// invoice from NAV uses. Fields are declared in the order the UBL schema
// requires; optional elements are pointers or omitempty, as Peppol forbids
// empty elements (PEPPOL-EN16931-R008).

type invoice struct {
	XMLName              xml.Name           `xml:"Invoice"`
	Xmlns                string             `xml:"xmlns,attr"`
	XmlnsCac             string             `xml:"xmlns:cac,attr"`
	XmlnsCbc             string             `xml:"xmlns:cbc,attr"`
	CustomizationID      string             `xml:"cbc:CustomizationID"`
	ProfileID            string             `xml:"cbc:ProfileID"`
	ID                   string             `xml:"cbc:ID"`
	IssueDate            string             `xml:"cbc:IssueDate"`
	DueDate              string             `xml:"cbc:DueDate"`
	InvoiceTypeCode      string             `xml:"cbc:InvoiceTypeCode"`
	Note                 string             `xml:"cbc:Note,omitempty"`
	DocumentCurrencyCode string             `xml:"cbc:DocumentCurrencyCode"`
	AccountingCost       string             `xml:"cbc:AccountingCost,omitempty"`
	BuyerReference       string             `xml:"cbc:BuyerReference"`
	InvoicePeriod        period             `xml:"cac:InvoicePeriod"`
	OrderReference       *idOnly            `xml:"cac:OrderReference"`
	BillingReference     []billingReference `xml:"cac:BillingReference"` // a supplementary invoice's: what it corrects
	ContractReference    *idOnly            `xml:"cac:ContractDocumentReference"`
	Attachment           *documentReference `xml:"cac:AdditionalDocumentReference"`
	Supplier             partyWrapper       `xml:"cac:AccountingSupplierParty"`
	Customer             partyWrapper       `xml:"cac:AccountingCustomerParty"`
	PaymentMeans         paymentMeans       `xml:"cac:PaymentMeans"`
	TaxTotal             taxTotal           `xml:"cac:TaxTotal"`
	LegalMonetaryTotal   monetaryTotal      `xml:"cac:LegalMonetaryTotal"`
	Lines                []invoiceLine      `xml:"cac:InvoiceLine"`
}

type period struct {
	StartDate string `xml:"cbc:StartDate"`
	EndDate   string `xml:"cbc:EndDate"`
}

type partyWrapper struct {
	Party party `xml:"cac:Party"`
}

// party holds, in schema order, EndpointID, PartyName, PostalAddress,
// PartyTaxScheme, PartyLegalEntity and Contact.
type party struct {
	Endpoint    schemeID    `xml:"cbc:EndpointID"`
	PartyName   *partyName  `xml:"cac:PartyName"`
	Address     address     `xml:"cac:PostalAddress"`
	TaxScheme   *partyTax   `xml:"cac:PartyTaxScheme"`
	LegalEntity legalEntity `xml:"cac:PartyLegalEntity"`
	Contact     *contact    `xml:"cac:Contact"`
}

type contact struct {
	Name      string `xml:"cbc:Name,omitempty"`
	Telephone string `xml:"cbc:Telephone,omitempty"`
	Email     string `xml:"cbc:ElectronicMail,omitempty"`
}

// documentReference is an AdditionalDocumentReference (BG-24).
type documentReference struct {
	ID          string      `xml:"cbc:ID"`
	Description string      `xml:"cbc:DocumentDescription,omitempty"`
	Attachment  *attachment `xml:"cac:Attachment"`
}

type attachment struct {
	Embedded binaryObject `xml:"cbc:EmbeddedDocumentBinaryObject"`
}

// binaryObject is an embedded file. Its Value is base64, whose letters
// need no XML escape, so it is written as it is (innerxml) rather than
// scanned for characters to escape: the bytes are the same, and the
// scan of a PDF's base64 was a tenth of a batch's time.
type binaryObject struct {
	MimeCode string `xml:"mimeCode,attr"`
	FileName string `xml:"filename,attr"`
	Value    string `xml:",innerxml"`
}

type schemeID struct {
	Scheme string `xml:"schemeID,attr"`
	Value  string `xml:",chardata"`
}

type partyName struct {
	Name string `xml:"cbc:Name"`
}

type address struct {
	Street           string       `xml:"cbc:StreetName,omitempty"`
	AdditionalStreet string       `xml:"cbc:AdditionalStreetName,omitempty"`
	City             string       `xml:"cbc:CityName,omitempty"`
	PostalZone       string       `xml:"cbc:PostalZone,omitempty"`
	Line             *addressLine `xml:"cac:AddressLine"`
	Country          country      `xml:"cac:Country"`
}

type addressLine struct {
	Line string `xml:"cbc:Line"`
}

type country struct {
	Code string `xml:"cbc:IdentificationCode"`
}

type partyTax struct {
	CompanyID string `xml:"cbc:CompanyID"`
	TaxScheme idOnly `xml:"cac:TaxScheme"`
}

type idOnly struct {
	ID string `xml:"cbc:ID"`
}

type legalEntity struct {
	RegistrationName string   `xml:"cbc:RegistrationName"`
	CompanyID        schemeID `xml:"cbc:CompanyID"`
}

type paymentMeans struct {
	Code    string           `xml:"cbc:PaymentMeansCode"`
	ID      string           `xml:"cbc:PaymentID"`
	Account financialAccount `xml:"cac:PayeeFinancialAccount"`
}

type financialAccount struct {
	ID   string `xml:"cbc:ID"`
	Name string `xml:"cbc:Name,omitempty"`
}

type amount struct {
	Currency string `xml:"currencyID,attr"`
	Value    string `xml:",chardata"`
}

type taxTotal struct {
	TaxAmount amount      `xml:"cbc:TaxAmount"`
	Subtotal  taxSubtotal `xml:"cac:TaxSubtotal"`
}

type taxSubtotal struct {
	TaxableAmount amount      `xml:"cbc:TaxableAmount"`
	TaxAmount     amount      `xml:"cbc:TaxAmount"`
	Category      taxCategory `xml:"cac:TaxCategory"`
}

type taxCategory struct {
	ID                  string  `xml:"cbc:ID"`
	Percent             *string `xml:"cbc:Percent"`
	ExemptionReasonCode string  `xml:"cbc:TaxExemptionReasonCode,omitempty"`
	ExemptionReason     string  `xml:"cbc:TaxExemptionReason,omitempty"`
	TaxScheme           idOnly  `xml:"cac:TaxScheme"`
}

type monetaryTotal struct {
	LineExtension amount `xml:"cbc:LineExtensionAmount"`
	TaxExclusive  amount `xml:"cbc:TaxExclusiveAmount"`
	TaxInclusive  amount `xml:"cbc:TaxInclusiveAmount"`
	Payable       amount `xml:"cbc:PayableAmount"`
}

type invoiceLine struct {
	ID            string   `xml:"cbc:ID"`
	Note          string   `xml:"cbc:Note,omitempty"`
	Quantity      quantity `xml:"cbc:InvoicedQuantity"`
	LineExtension amount   `xml:"cbc:LineExtensionAmount"`
	Period        *period  `xml:"cac:InvoicePeriod"`
	Item          item     `xml:"cac:Item"`
	Price         price    `xml:"cac:Price"`
}

type quantity struct {
	UnitCode string `xml:"unitCode,attr"`
	Value    string `xml:",chardata"`
}

type item struct {
	Description string          `xml:"cbc:Description,omitempty"`
	Name        string          `xml:"cbc:Name"`
	TaxCategory lineTaxCategory `xml:"cac:ClassifiedTaxCategory"`
}

type lineTaxCategory struct {
	ID        string  `xml:"cbc:ID"`
	Percent   *string `xml:"cbc:Percent"`
	TaxScheme idOnly  `xml:"cac:TaxScheme"`
}

type price struct {
	Amount amount `xml:"cbc:PriceAmount"`
}
