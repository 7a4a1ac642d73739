/**
 * The webhook bodies of Personr's two "Setting up a webhook" pages, as the pages print them (every revision found):
 * https://manual.personr.co/api-documentation/applicant-results/retrieving-applicant-verification-results/setting-up-a-webhook
 * https://manual.personr.co/api-documentation/entity-results/retrieving-entity-verification-results/setting-up-a-webhook
 */

/** Applicants, current revision: flat. */
export const APPLICANT_FLAT = `{
  "applicantId": "14000394983x200039203940",
  "actionStatus": "Reviewed",
  "reviewAnswer": "Rejected",
  "rejectLabels": [
    "FORGERY",
    "CRIMINAL"
  ],
  "extFirstName": "JOHN",
  "extLastName": "DOE",
  "extDob": "1996-07-01",
  "extStreetNumber": "123",
  "extStreetName": "EXAMPLE LANE",
  "extCity": "PERTH",
  "extPostCode": "6000",
  "extCountry": "AUSTRALIA",
  "docCountryISO": "AUS",
  "docExpiry": "2035-12-01",
  "sourceKey": "Example Source Key",
  "externalUserId": []
}`;

/** Applicants, earlier revision: wrapped, no applicantId but result.applicant, and a trailing comma after "verification". */
export const APPLICANT_WRAPPED = `{
    "status": "success",
    "response": {
        "applicantStatus": "Reviewed",
        "applicantActionStatus": "Reviewed",
        "result": {
            "Modified Date": 1709088258859,
            "Created Date": 1699237071350,
            "reviewAnswer": "Approved",
            "applicant": "1699236591586x0000000000000000000",
            "company": "1668816503943x0000000000000000000",
            "rejectLabels": [],
            "verification": "1699236590532x0000000000000000000",
        },
        "extractedFirstName": "JOHN DEREK",
        "extractedLastName": "SAMPLE",
        "extractedBirthDate": "1995-10-23",
        "documentCountry": "AUS",
        "extractedStreetNum": "123",
        "extractedStreet": "SAMPLE LANE",
        "extractedCity": "PERTH",
        "extractedState": "WESTERN AUSTRALIA",
        "extractedPostCode": "6000"
    }
}`;

/** Entities, current revision: flat, with no comma after "flow". */
export const ENTITY_FLAT = `{
  "applicantId": "140000249274x80293840283",
  "status": "Reviewed",
  "reviewAnswer": "Rejected",
  "rejectLabels": [
    "SANCTIONS",
    "COMPROMISED_PERSONS"
  ],
  "entityType": "AUSTRALIAN PROPRIETARY COMPANY, LIMITED BY SHARES",
  "registrySource": "AUSTRALIAN SECURITIES & INVESTMENTS COMMISSION",
  "registeredAddress": "123 EXAMPLE LANE, PERTH, 6000, WA, AUSTRALIA",
  "companyName": "EXAMPLE LTD",
  "registrationNumber": "123 456 789",
  "incorporatedOn": "2020-12-01",
  "representativeEmail": "example@personr.co",
  "representativePhone": "0400 000 000",
  "flowQuestions": [
    "Example Question 1",
    "Example Question 2"
  ],
  "flowAnswers": [
    "Entity Answer 1",
    "Entity Answer 2"
  ],
  "flow": "KYB Basic"
  "sourceKey": "Example Source Key",
  "externalUserId": []
}`;

/** Entities, earlier revision: wrapped. */
export const ENTITY_WRAPPED = `{
    "status": "success",
    "response": {
        "applicantId": "4242424242424x424242424242424242",
        "applicantStatus": "Reviewed",
        "reviewAnswer": "Approved",
        "createdDate": "12/09/2024",
        "rejectLabels": [],
        "entityName": "ABC Pty Ltd",
        "registrationNumber": "000000000",
        "entityType": "Australian Proprietary Company, Limited By Shares",
        "incorporatedOn": "12/12/2020",
        "entityCountry": "AUS",
        "registrySource": "Australian Securities & Investments Commission",
        "registeredAddress": "123 Example Lane, Perth, 6000, WA, Australia",
        "representativeEmail": "example@personrco",
        "representativePhone": "0400000000",
        "flowQuestions": [
            "Question 1",
            "Question 2"
        ],
        "flowAnswers": [
            "Answer 1",
            "Answer 2"
        ]
    }
}`;
